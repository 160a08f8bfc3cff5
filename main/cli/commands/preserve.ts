// custody preserve: a case's preservation package (signed, timestamped BagIt; a folder or one .tar.age),
// `preserve verify` of a package folder with no vault, and `preserve timestamp` to bring an offline TSA
// answer back into a package made with --tsq-out.
import { readFile } from 'node:fs/promises';
import { attachTimestamp, preserveCase, verifyPackage } from '../../core/preservation';
import { TamperDetectedError } from '../../core/errors';
import { CheckFailed, parse, requireString, UsageError, type Command, type Io } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('preserve');

export const preserve: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        case: { type: 'string' },
        out: { type: 'string' },
        tsa: { type: 'string' },
        'tsq-out': { type: 'string' },
        'encrypt-to': { type: 'string', multiple: true },
        'encrypt-passphrase-file': { type: 'string' },
        for: { type: 'string' },
        'contact-email': { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    switch (positionals[0]) {
      case 'verify':
        return verify(positionals, io, Boolean(values.json));
      case 'timestamp': {
        const [, packageDir, tsr] = positionals;
        if (!packageDir || !tsr || positionals.length !== 3)
          throw new UsageError(`name the package folder and the TSA's answer.\nusage: ${usage}`);
        const stamped = await withVault(values, io, usage, (vault) =>
          attachTimestamp(vault, packageDir, tsr),
        );
        io.out(`Timestamped ${packageDir} at ${stamped.genTime} by ${stamped.tsa}.`);
        return 0;
      }
      case undefined: {
        const caseId = requireString(values.case, '--case', usage);
        const out = requireString(values.out, '--out', usage);
        const recipients = values['encrypt-to'] ?? [];
        const passphraseFile = values['encrypt-passphrase-file'];
        const passphrase = passphraseFile
          ? (
              await readFile(passphraseFile, 'utf8').catch(() => {
                throw new UsageError(`Cannot read the passphrase file ${passphraseFile}.`);
              })
            ).split(/\r?\n/, 1)[0]
          : undefined;
        const encrypted = recipients.length > 0 || passphrase !== undefined;
        const result = await withVault(values, io, usage, (vault) =>
          preserveCase(vault, {
            caseId,
            destination: out,
            recipient: values.for,
            contactEmail: values['contact-email'],
            tsaUrl: values.tsa,
            tsqOut: values['tsq-out'],
            ...(encrypted ? { encryptTo: { recipients, ...(passphrase ? { passphrase } : {}) } } : {}),
          }),
        );
        if (values.json) io.out(JSON.stringify(result));
        else {
          io.out(
            `Wrote the preservation package of case ${caseId} to ${result.path}${result.encrypted ? ' (age-encrypted)' : ''}: ` +
              `${result.files} payload files, ${result.bytes} bytes; tag manifest SHA-512 ${result.tagManifestSha512}.`,
          );
          if (result.timestamp === 'stamped') io.out(`Timestamped at ${result.timestampedAt}.`);
          if (result.timestamp === 'pending')
            io.out(
              `Take ${values['tsq-out']} to a TSA, then: custody preserve timestamp --vault VAULT ${out} ANSWER.tsr`,
            );
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown action "${positionals[0]}": use verify or timestamp.\nusage: ${usage}`);
    }
  },
};

async function verify(positionals: string[], io: Io, json: boolean): Promise<number> {
  const [, path] = positionals;
  if (!path || positionals.length !== 2) throw new UsageError(`name the package folder.\nusage: ${usage}`);
  let result;
  try {
    result = await verifyPackage(path);
  } catch (error) {
    if (error instanceof TamperDetectedError) throw new CheckFailed(error.message);
    throw error;
  }
  if (json) {
    io.out(JSON.stringify(result));
    return 0;
  }
  io.out(
    `ok: BagIt ${result.bag.version}, ${result.bag.payloadFiles} payload files (${result.bag.payloadBytes} bytes), ` +
      `every checksum matches.`,
  );
  io.out(
    `ok: signed by ${result.signature.signer} (SHA-256 ${result.signature.fingerprint}) at ${result.signature.signedAt}.`,
  );
  io.out(
    result.timestamp.state === 'stamped'
      ? `ok: timestamped ${result.timestamp.genTime} by ${result.timestamp.tsa}.`
      : result.timestamp.state === 'pending'
        ? 'not yet timestamped: the package carries a .tsq for a TSA.'
        : 'not timestamped.',
  );
  io.out(
    `ok: ledger of ${result.ledger.entries} entries (${result.ledger.caseEntries} of this case), root ${result.ledger.rootHex}.`,
  );
  return 0;
}
