// custody gate show|set: the fairness-gate policy in force and its versions, and (admins) a new version
// with the reason for it. Thin callers of the core's verbs, which check the role and record the change.
import type { GatePolicy, GatePolicyVersion } from '../../../shared/decisions';
import { configureGate, currentGatePolicy, gatePolicyHistory } from '../../core/decisions';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('gate');

function yesNo(value: string | undefined, flag: string, current: boolean): boolean {
  if (value === undefined) return current;
  if (value === 'yes' || value === 'no') return value === 'yes';
  throw new UsageError(`${flag} must be yes or no.\nusage: ${usage}`);
}

function distance(value: string | undefined, current: number | null): number | null {
  if (value === undefined) return current;
  if (value === 'off') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 256)
    throw new UsageError(`--pdq-alone must be a distance from 0 to 256, or off.\nusage: ${usage}`);
  return n;
}

function describe(v: GatePolicyVersion): string[] {
  const p = v.policy;
  return [
    `version ${v.version}${v.setBy ? ` set by ${v.setBy} at ${v.setAt}` : ''}: ${v.reason ?? ''}`,
    `  exact match in a known bank stands alone: ${p.exactMatchAlone ? 'yes' : 'no'}`,
    `  PDQ match stands alone when revealed by the decider at distance <= ${p.pdqRevealedMaxDistance ?? 'never'}`,
    `  every item of a case needs a decision: ${p.everyItemNeedsDecision ? 'yes' : 'no'}`,
  ];
}

export const gate: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        'exact-alone': { type: 'string' },
        'pdq-alone': { type: 'string' },
        'every-item': { type: 'string' },
        reason: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const [action] = positionals;
    if (action === 'show') {
      const history = await withVault(values, io, usage, async (vault) => gatePolicyHistory(vault));
      if (values.json) io.out(JSON.stringify(history));
      else for (const version of history) for (const line of describe(version)) io.out(line);
      return 0;
    }
    if (action !== 'set')
      throw new UsageError(`unknown action "${action ?? ''}": use show or set.\nusage: ${usage}`);
    const reason = requireString(values.reason, '--reason', usage);
    const set = await withVault(values, io, usage, async (vault) => {
      const { policy } = currentGatePolicy(vault);
      const next: GatePolicy = {
        exactMatchAlone: yesNo(values['exact-alone'], '--exact-alone', policy.exactMatchAlone),
        pdqRevealedMaxDistance: distance(values['pdq-alone'], policy.pdqRevealedMaxDistance),
        everyItemNeedsDecision: yesNo(values['every-item'], '--every-item', policy.everyItemNeedsDecision),
      };
      return configureGate(vault, next, reason);
    });
    if (values.json) io.out(JSON.stringify(set));
    else for (const line of describe(set)) io.out(line);
    return 0;
  },
};
