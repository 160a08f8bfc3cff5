// custody org self-signed|import|show: the organisation's signing identity for report packages.
import { readFile } from 'node:fs/promises';
import {
  describeCertificate,
  importPkcs12,
  installIdentity,
  installSelfSignedIdentity,
  loadCertificate,
} from '../../core/identity';
import { parse, readPassphrase, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('org');

export const org: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        name: { type: 'string' },
        email: { type: 'string' },
        'p12-password-file': { type: 'string' },
      },
      usage,
    );
    const [action, file] = positionals;
    switch (action) {
      case 'self-signed': {
        const organisation = requireString(values.name, '--name', usage);
        const description = await withVault(values, io, usage, (vault) =>
          installSelfSignedIdentity(vault, {
            commonName: `${organisation} report signing (self-signed, for testing)`,
            organisation,
            ...(values.email ? { email: values.email } : {}),
          }),
        );
        io.out(
          `Installed a self-signed identity: ${description.subject}, SHA-256 ${description.sha256Fingerprint}`,
        );
        return 0;
      }
      case 'import': {
        if (!file) throw new UsageError(`name the PKCS#12 file.\nusage: ${usage}`);
        const bytes = await readFile(file).catch(() => {
          throw new UsageError(`Cannot read ${file}.`);
        });
        const password = await readPassphrase(io, {
          file: values['p12-password-file'],
          envName: 'CUSTODY_P12_PASSWORD',
          prompt: `Password of ${file}: `,
        });
        const identity = importPkcs12(bytes, password);
        const description = await withVault(values, io, usage, async (vault) =>
          installIdentity(vault, identity, file),
        );
        io.out(
          `Installed ${description.subject}, issued by ${description.issuer}, valid until ${description.notAfter}.`,
        );
        return 0;
      }
      case 'show': {
        const description = await withVault(values, io, usage, async (vault) =>
          describeCertificate(loadCertificate(vault)),
        );
        io.out(JSON.stringify(description, null, 2));
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use self-signed, import or show.\nusage: ${usage}`,
        );
    }
  },
};
