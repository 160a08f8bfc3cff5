// custody hold add|link|release|list: legal holds from the command line (counsel and admins place, link to
// the decision that caused them, and release; a hold whose decision was reversed on appeal is listed to review).
import { linkDecision, listHolds, placeHold, releaseHold, type HoldScope } from '../../core/preservation';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('hold');

export const hold: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        case: { type: 'string', multiple: true },
        item: { type: 'string', multiple: true },
        account: { type: 'string', multiple: true },
        matter: { type: 'string' },
        reason: { type: 'string' },
        decision: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
      usage,
    );
    switch (positionals[0]) {
      case 'add': {
        const matter = requireString(values.matter, '--matter', usage);
        const scope: HoldScope[] = [
          ...(values.case ?? []).map((target) => ({ kind: 'case' as const, target })),
          ...(values.item ?? []).map((target) => ({ kind: 'item' as const, target })),
          ...(values.account ?? []).map((target) => ({ kind: 'account' as const, target })),
        ];
        if (scope.length === 0)
          throw new UsageError(
            `name what the hold covers: --case ID, --item ID or --account NAME.\nusage: ${usage}`,
          );
        const placed = await withVault(values, io, usage, async (vault) =>
          placeHold(vault, { matter, scope, reason: values.reason, decisions: values.decision }),
        );
        io.out(values.json ? JSON.stringify(placed) : placed.id);
        return 0;
      }
      case 'link': {
        const id = positionals[1];
        if (!id || positionals.length !== 2)
          throw new UsageError(`name exactly one hold id.\nusage: ${usage}`);
        const decisionId = requireString(values.decision?.[0], '--decision', usage);
        const linked = await withVault(values, io, usage, async (vault) =>
          linkDecision(vault, id, decisionId),
        );
        io.out(`Linked hold ${linked.id} (matter "${linked.matter}") to decision ${decisionId}`);
        return 0;
      }
      case 'release': {
        const id = positionals[1];
        if (!id || positionals.length !== 2)
          throw new UsageError(`name exactly one hold id.\nusage: ${usage}`);
        const reason = requireString(values.reason, '--reason', usage);
        const released = await withVault(values, io, usage, async (vault) => releaseHold(vault, id, reason));
        io.out(`Released hold ${released.id} (matter "${released.matter}"): ${reason}`);
        return 0;
      }
      case 'list': {
        const holds = await withVault(values, io, usage, async (vault) => listHolds(vault));
        if (values.json) io.out(JSON.stringify(holds));
        else
          for (const h of holds)
            io.out(
              `${h.id} ${h.releasedAt ? `released ${h.releasedAt}` : 'active'} "${h.matter}" by ${h.counsel} ` +
                h.scope.map((s) => `${s.kind}:${s.target}`).join(',') +
                (h.origin ? ` placed on workstation ${h.origin}` : '') +
                (h.review ? ` TO REVIEW: ${h.review}` : ''),
            );
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${positionals[0] ?? ''}": use add, link, release or list.\nusage: ${usage}`,
        );
    }
  },
};
