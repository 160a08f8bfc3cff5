// custody conflicts list|resolve: the conflict queue from the command line. Listing shows each conflict's
// sides (origin, entry, actor, time, decision, rationale); resolving chooses one side by ORIGIN:SEQ with a
// reason, recorded by the core as a signed entry citing every side. Holds no SQL and no role list.
import type { ConflictView } from '../../../shared/conflicts';
import { conflictKindTitles } from '../../../shared/conflicts';
import { listConflicts, resolveConflict } from '../../core/sync/merge';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('conflicts');

function describe(c: ConflictView): string[] {
  const state = c.resolution
    ? `resolved ${c.resolvedAt ?? ''} by ${c.resolution.actorName}: chose ${c.resolution.chosen.origin}:${c.resolution.chosen.seq} (${c.resolution.reason})`
    : c.settled
      ? `settled ${c.resolvedAt ?? ''}: every workstation now says the same`
      : 'open';
  return [
    `${c.id} ${conflictKindTitles[c.kind]} of item ${c.itemId} (${c.itemName}) — ${state}`,
    ...c.sides.map(
      (s) =>
        `  ${s.origin}:${s.seq}${s.local ? ' (this workstation)' : ''} ${s.actorName} at ${s.time}: ${s.decision}` +
        (s.rationale ? ` — ${s.rationale}` : ''),
    ),
  ];
}

/** ORIGIN:SEQ, the origin itself holding colons (custody/<id>). */
function parseChoice(text: string): { origin: string; seq: number } {
  const at = text.lastIndexOf(':');
  const seq = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(seq) || seq < 0)
    throw new UsageError(`--choose takes ORIGIN:SEQ, one side as listed.\nusage: ${usage}`);
  return { origin: text.slice(0, at), seq };
}

export const conflicts: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        open: { type: 'boolean' },
        choose: { type: 'string' },
        reason: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    switch (positionals[0]) {
      case 'list': {
        const found = await withVault(values, io, usage, async (vault) =>
          listConflicts(vault, values.open ? { open: true } : {}),
        );
        if (values.json) io.out(JSON.stringify(found));
        else if (found.length === 0) io.out('No conflicts.');
        else for (const c of found) for (const line of describe(c)) io.out(line);
        return 0;
      }
      case 'resolve': {
        const id = positionals[1];
        if (!id || positionals.length !== 2)
          throw new UsageError(`name exactly one conflict id.\nusage: ${usage}`);
        const choice = parseChoice(requireString(values.choose, '--choose', usage));
        const reason = requireString(values.reason, '--reason', usage);
        const resolved = await withVault(values, io, usage, async (vault) =>
          resolveConflict(vault, { id, ...choice, reason }),
        );
        for (const line of describe(resolved)) io.out(line);
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${positionals[0] ?? ''}": use list or resolve.\nusage: ${usage}`,
        );
    }
  },
};
