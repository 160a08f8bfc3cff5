// custody retention show|run|extend|policy: what may be deleted when and why, expiry confirmed by counsel or
// an admin (an explicit --confirm DIGEST, or typing the listed digest at the prompt), law-enforcement
// extensions and the organisation's policy file. --now previews another date; a run never acts on the future.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import {
  expiryList,
  extendRetention,
  installPolicy,
  instant,
  retentionOverview,
  runExpiry,
  type ExpiryList,
} from '../../core/preservation';
import { CheckFailed, parse, requireString, UsageError, type Command, type Io } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('retention');

/** Characters of the digest a person types to confirm at the prompt. */
const TYPED_DIGEST_CHARS = 12;

export const retention: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        now: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        confirm: { type: 'string' },
        case: { type: 'string' },
        item: { type: 'string' },
        agency: { type: 'string' },
        reference: { type: 'string' },
        requested: { type: 'string' },
        until: { type: 'string' },
      },
      usage,
    );
    const now = typeof values.now === 'string' ? new Date(instant(values.now, '--now')) : new Date();
    switch (positionals[0]) {
      case 'show': {
        const overview = await withVault(values, io, usage, async (vault) => retentionOverview(vault, now));
        if (values.json) {
          io.out(JSON.stringify(overview));
          return 0;
        }
        for (const item of overview.items)
          io.out(
            `${item.itemId} ${item.status} ${item.deletableFrom ?? '-'} ${item.rule.id} (${item.rule.name})`,
          );
        return 0;
      }
      case 'run': {
        const outcome = await withVault(values, io, usage, async (vault) => {
          const list = expiryList(vault, now);
          if (!values.json || values['dry-run']) printList(io, list, Boolean(values.json));
          if (values['dry-run'] || list.items.length === 0) return null;
          const digest =
            typeof values.confirm === 'string' ? values.confirm : await confirmAtPrompt(io, list);
          return runExpiry(vault, digest, now);
        });
        if (outcome) {
          if (values.json) io.out(JSON.stringify(outcome));
          else {
            for (const s of outcome.shredded) io.out(`shredded ${s.itemId} ${s.sha256} under rule ${s.rule}`);
            io.out(`Shredded ${outcome.shredded.length} item(s) of list ${outcome.digest}.`);
          }
        }
        return 0;
      }
      case 'extend': {
        const target = values.case ?? values.item;
        if (!target || (values.case && values.item))
          throw new UsageError(`name one --case ID or --item ID.\nusage: ${usage}`);
        const extension = await withVault(values, io, usage, async (vault) =>
          extendRetention(vault, {
            kind: values.case ? 'case' : 'item',
            target,
            agency: requireString(values.agency, '--agency', usage),
            reference: requireString(values.reference, '--reference', usage),
            requestedOn: requireString(values.requested, '--requested', usage),
            until: requireString(values.until, '--until', usage),
          }),
        );
        io.out(
          values.json
            ? JSON.stringify(extension)
            : `${extension.id}: ${extension.kind} ${target} kept until ${extension.until} (${extension.agency} ref. ${extension.reference})`,
        );
        return 0;
      }
      case 'policy': {
        const file = positionals[1];
        if (!file) throw new UsageError(`name the policy file.\nusage: ${usage}`);
        const text = await readFile(file, 'utf8').catch(() => {
          throw new UsageError(`Cannot read the policy file ${file}.`);
        });
        const installed = await withVault(values, io, usage, async (vault) => installPolicy(vault, text));
        io.out(`Installed retention policy version ${installed.policy.version} (${installed.policy.name}).`);
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${positionals[0] ?? ''}": use show, run, extend or policy.\nusage: ${usage}`,
        );
    }
  },
};

function printList(io: Io, list: ExpiryList, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(list));
    return;
  }
  for (const item of list.items)
    io.out(`${item.itemId} ${item.sha256} expired ${item.deletableFrom ?? '-'} rule ${item.rule.id}`);
  io.out(
    list.items.length === 0
      ? `Nothing has expired at ${list.at}.`
      : `${list.items.length} item(s) expired at ${list.at}; list digest ${list.digest}`,
  );
}

async function confirmAtPrompt(io: Io, list: ExpiryList): Promise<string> {
  if (!io.stdinIsTty)
    throw new CheckFailed(
      `Nothing was shredded: confirm this list with --confirm ${list.digest}, or run in a terminal.`,
    );
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const typed = await prompt.question(
      `Type the first ${TYPED_DIGEST_CHARS} characters of the list digest to shred these items: `,
    );
    if (typed.trim().toLowerCase() !== list.digest.slice(0, TYPED_DIGEST_CHARS))
      throw new CheckFailed('Nothing was shredded: the digest typed is not the listed one.');
    return list.digest;
  } finally {
    prompt.close();
  }
}
