// The organisation's retention policy: a versioned JSON document of rules per jurisdiction (how many days,
// counted from ingest or from the report's completion, for reported or unreported material), the installed
// versions kept in the vault, and the statutory rule no document can remove. It decides no item's fate
// (./retention does); every installed version is a ledger entry.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '../errors';
import { requireRole, type Vault } from '../identity';

/** One retention rule: who it applies to, from when it counts and for how long. */
export const retentionRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,63}$/),
  name: z.string().min(3).max(300),
  jurisdiction: z.string().regex(/^[A-Z]{2,8}$/),
  applies: z.enum(['reported', 'unreported', 'all']),
  from: z.enum(['ingested', 'report-finished']),
  days: z.number().int().min(1).max(36_500),
});
export type RetentionRule = z.infer<typeof retentionRule>;

export const retentionPolicyDocument = z
  .strictObject({
    format: z.literal('custody-retention-policy/1'),
    version: z.number().int().min(1),
    name: z.string().min(1).max(200),
    /** The jurisdictions the organisation is bound by: only their rules apply. */
    jurisdictions: z.array(z.string().regex(/^[A-Z]{2,8}$/)).min(1),
    rules: z.array(retentionRule).max(200),
  })
  .superRefine((policy, context) => {
    const ids = policy.rules.map((r) => r.id);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated) context.addIssue({ code: 'custom', message: `rule id "${repeated}" appears twice` });
    for (const rule of policy.rules)
      if (rule.applies === 'unreported' && rule.from === 'report-finished')
        context.addIssue({
          code: 'custom',
          message: `rule "${rule.id}" counts from a report it cannot have`,
        });
  });
export type RetentionPolicy = z.infer<typeof retentionPolicyDocument>;

/**
 * 18 U.S.C. §2258A(h) as amended by the REPORT Act of 2024: a provider preserves the contents of a report
 * for one year after it is made. Always applies; a policy document can lengthen retention, never shorten it.
 */
export const statutoryRule: RetentionRule = {
  id: 'us-2258a-h',
  name: '18 U.S.C. §2258A(h) (REPORT Act 2024): reported content kept 1 year from the report',
  jurisdiction: 'US',
  applies: 'reported',
  from: 'report-finished',
  days: 365,
};

/**
 * The policy in force until an organisation installs its own: the statute only. Unreported material has no
 * retention period until a policy gives it one (docs/retention-policy.example.json has examples).
 */
export const defaultPolicy: RetentionPolicy = {
  format: 'custody-retention-policy/1',
  version: 1,
  name: 'Custody default (the statute only)',
  jurisdictions: ['US'],
  rules: [],
};

export interface InstalledPolicy {
  policy: RetentionPolicy;
  sha256: string;
  installedAt: string | null;
}

/** Parses a policy document, naming what is wrong with it. */
export function parsePolicy(text: string): RetentionPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`The retention policy is not JSON: ${(error as Error).message}`);
  }
  const parsed = retentionPolicyDocument.safeParse(json);
  if (!parsed.success)
    throw new InvalidInputError(
      `The retention policy is not valid: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || 'document'}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

/** The newest installed policy, or the default one. */
export function currentPolicy(vault: Vault): InstalledPolicy {
  const row = vault.db
    .prepare('SELECT document, sha256, installed_at FROM retention_policies ORDER BY version DESC LIMIT 1')
    .get() as { document: string; sha256: string; installed_at: string } | undefined;
  if (!row) {
    const text = JSON.stringify(defaultPolicy);
    return { policy: defaultPolicy, sha256: sha256(text), installedAt: null };
  }
  return { policy: parsePolicy(row.document), sha256: row.sha256, installedAt: row.installed_at };
}

/** Installs a new version of the policy: its version must be above the one in force. */
export function installPolicy(vault: Vault, text: string): InstalledPolicy {
  requireRole(vault, 'retention.manage');
  const policy = parsePolicy(text);
  const { policy: current } = currentPolicy(vault);
  if (policy.version <= current.version)
    throw new InvalidInputError(
      `The policy's version (${policy.version}) must be above the one in force (${current.version}).`,
    );
  const now = new Date().toISOString();
  const digest = sha256(text);
  vault.db.transaction(() => {
    vault.db
      .prepare(
        'INSERT INTO retention_policies (version, document, sha256, installed_at, installed_by) VALUES (?, ?, ?, ?, ?)',
      )
      .run(policy.version, text, digest, now, vault.user.id);
    vault.record('retention.policy', [], {
      version: policy.version,
      name: policy.name,
      sha256: digest,
      jurisdictions: policy.jurisdictions,
      rules: policy.rules.map((r) => r.id),
    });
  })();
  return { policy, sha256: digest, installedAt: now };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
