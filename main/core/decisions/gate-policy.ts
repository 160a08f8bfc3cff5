// The fairness-gate policy: its versions in the vault (version 0 is the default every vault starts with;
// each change by an admin is a new version with its reason and a signed `gate.configure` entry), and the
// rule it applies: whether a decision on the evidence it rests on may stand alone. Owns gate_policies.
import {
  defaultGatePolicy,
  gatePolicy,
  type DecisionEvidence,
  type GatePolicy,
  type GatePolicyVersion,
} from '../../../shared/decisions';
import { InvalidInputError } from '../errors';
import { requireRole, userNames, type Vault } from '../identity';

interface PolicyRow {
  version: number;
  policy: string;
  reason: string;
  set_by: string;
  set_at: string;
}

const exactAlgorithms = new Set(['sha256', 'sha1', 'md5']);

function toVersion(vault: Vault, row: PolicyRow): GatePolicyVersion {
  return {
    version: row.version,
    policy: gatePolicy.parse(JSON.parse(row.policy)),
    setBy: userNames(vault, [row.set_by]).get(row.set_by) ?? row.set_by,
    setAt: row.set_at,
    reason: row.reason,
  };
}

const defaultVersion: GatePolicyVersion = {
  version: 0,
  policy: defaultGatePolicy,
  setBy: null,
  setAt: null,
  reason: 'the default policy',
};

/** The policy in force: the latest version an admin set, or the default. */
export function currentGatePolicy(vault: Vault): GatePolicyVersion {
  const row = vault.db.prepare('SELECT * FROM gate_policies ORDER BY version DESC LIMIT 1').get() as
    PolicyRow | undefined;
  return row ? toVersion(vault, row) : defaultVersion;
}

/** Every version, newest first, ending with the default. */
export function gatePolicyHistory(vault: Vault): GatePolicyVersion[] {
  const rows = vault.db.prepare('SELECT * FROM gate_policies ORDER BY version DESC').all() as PolicyRow[];
  return [...rows.map((row) => toVersion(vault, row)), defaultVersion];
}

/** Sets a new version of the policy (admins only), recorded with its reason. */
export function configureGate(vault: Vault, policy: GatePolicy, reason: string): GatePolicyVersion {
  requireRole(vault, 'gate.configure');
  const parsed = gatePolicy.safeParse(policy);
  if (!parsed.success) throw new InvalidInputError(`The gate policy is not valid: ${parsed.error.message}`);
  const why = reason.trim();
  if (!why) throw new InvalidInputError('Say why the fairness gate changes: a reason is required.');
  const now = new Date().toISOString();
  return vault.db
    .transaction(() => {
      const version = currentGatePolicy(vault).version + 1;
      vault.db
        .prepare('INSERT INTO gate_policies (version, policy, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)')
        .run(version, JSON.stringify(parsed.data), why, vault.user.id, now);
      vault.record('gate.configure', [`gate-policy:${version}`], {
        version,
        policy: parsed.data,
        reason: why,
      });
      return currentGatePolicy(vault);
    })
    .immediate();
}

/** Whether one item's evidence lets its decider's decision stand alone, and why (or why not). */
function itemAlone(
  item: DecisionEvidence['items'][number],
  policy: GatePolicy,
): { alone: boolean; why: string } {
  const exact = item.matches.find((m) => exactAlgorithms.has(m.algorithm));
  if (policy.exactMatchAlone && exact) {
    return {
      alone: true,
      why: `${item.fileName}: exact ${exact.algorithm} match in ${exact.bank} ${exact.bankVersion}`,
    };
  }
  const nearest = item.matches
    .filter((m) => m.algorithm === 'pdq')
    .sort((a, b) => a.distance - b.distance)[0];
  const limit = policy.pdqRevealedMaxDistance;
  if (nearest && limit !== null && nearest.distance <= limit && item.reveals.length > 0) {
    return {
      alone: true,
      why: `${item.fileName}: PDQ match at distance ${nearest.distance} (≤ ${limit}) in ${nearest.bank} ${nearest.bankVersion}, revealed by the decider`,
    };
  }
  if (nearest) {
    const revealedNote = item.reveals.length > 0 ? 'revealed by the decider' : 'not revealed by the decider';
    const bar =
      limit === null ? 'the policy lets no PDQ match stand alone' : `alone needs ≤ ${limit} and a reveal`;
    return {
      alone: false,
      why: `${item.fileName}: only a PDQ match at distance ${nearest.distance} in ${nearest.bank} ${nearest.bankVersion}, ${revealedNote} (${bar})`,
    };
  }
  return { alone: false, why: `${item.fileName}: no match in a known bank` };
}

/**
 * Whether a decision resting on `evidence` may stand alone under `policy`: every item it covers must meet
 * a rule. The reason names each item that does not (or the rule each one met).
 */
export function mayStandAlone(
  evidence: DecisionEvidence,
  policy: GatePolicy,
): { alone: boolean; reason: string } {
  if (evidence.items.length === 0) return { alone: false, reason: 'it covers no item' };
  const verdicts = evidence.items.map((item) => itemAlone(item, policy));
  const failing = verdicts.filter((v) => !v.alone);
  return failing.length === 0
    ? { alone: true, reason: verdicts.map((v) => v.why).join('; ') }
    : { alone: false, reason: failing.map((v) => v.why).join('; ') };
}

/** The item has a known-bank PDQ match and no exact one: its decision must pass the gate before reporting. */
export function pdqOnly(matches: ReadonlyArray<{ algorithm: string }>): boolean {
  return matches.some((m) => m.algorithm === 'pdq') && !matches.some((m) => exactAlgorithms.has(m.algorithm));
}
