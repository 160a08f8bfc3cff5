// Who may do what: the one statement of the role policy. Core verbs check it against the acting user
// before doing anything (`requireRole` in main/core/identity), so the CLI, the IPC router and the
// harness all obey it; the contract's channel access and the renderer's checks are derived from it.
// Pure TypeScript.
import type { Role } from './domain';

const everyone = ['analyst', 'supervisor', 'counsel', 'admin'] as const satisfies readonly Role[];
const reviewers = ['analyst', 'supervisor', 'admin'] as const satisfies readonly Role[];
const leads = ['supervisor', 'admin'] as const satisfies readonly Role[];
const admins = ['admin'] as const satisfies readonly Role[];

/** Each action a signed-in user can take, the roles that may take it, and how it reads in a refusal. */
export const policy = {
  'item.read': { roles: everyone, what: 'see items, cases and their history' },
  'item.ingest': { roles: reviewers, what: 'add evidence to the vault' },
  'item.reveal': { roles: reviewers, what: 'reveal evidence unblurred' },
  'item.categorize': { roles: reviewers, what: 'categorise evidence' },
  'item.match': { roles: reviewers, what: 'match the vault against its hash banks' },
  'item.shred': { roles: leads, what: 'shred evidence' },
  'case.import': { roles: reviewers, what: 'import cases' },
  'report.edit': { roles: everyone, what: 'edit report drafts' },
  'report.export': { roles: ['supervisor', 'counsel', 'admin'], what: 'export signed report packages' },
  'report.submit': { roles: leads, what: 'submit reports to NCMEC' },
  'report.retract': { roles: leads, what: 'retract reports at NCMEC' },
  'report.resolve': { roles: leads, what: 'resolve a stopped submission' },
  'bank.import': { roles: reviewers, what: 'import known-content hash banks' },
  'bank.import_allow': { roles: leads, what: 'import allow banks (which suppress matches)' },
  'bank.remove': { roles: leads, what: 'remove hash banks' },
  'ledger.export': { roles: ['supervisor', 'counsel', 'admin'], what: 'export the ledger' },
  'settings.self': { roles: everyone, what: 'change their own settings and passphrase' },
  'user.manage': { roles: admins, what: "add or remove users and reset other users' passphrases" },
  'ncmec.configure': { roles: admins, what: 'change where reports are sent' },
  'organisation.configure': { roles: admins, what: "install the organisation's signing identity" },
  'decision.record': { roles: reviewers, what: 'record decisions on items and cases' },
  'decision.second': { roles: reviewers, what: "review another person's decision blind" },
  'decision.resolve': { roles: leads, what: 'resolve a disagreement between reviewers' },
  'appeal.record': { roles: everyone, what: 'enter an appeal against a decision' },
  'appeal.review': { roles: leads, what: 'review appeals against decisions' },
  'gate.configure': { roles: admins, what: 'change the fairness-gate policy' },
  'sampling.configure': { roles: leads, what: 'set the share of decisions sampled for quality review' },
  'hold.manage': { roles: ['counsel', 'admin'], what: 'place or release legal holds' },
  'retention.manage': {
    roles: ['counsel', 'admin'],
    what: 'extend retention or change the retention policy',
  },
  'retention.run': { roles: ['counsel', 'admin'], what: 'confirm the shredding of expired evidence' },
  'preservation.export': {
    roles: ['counsel', 'admin'],
    what: 'export preservation packages and VICS exports',
  },
  'case.create': { roles: reviewers, what: 'create cases from items in the vault' },
  'case.assign': { roles: leads, what: 'assign cases to reviewers' },
  'case.close': { roles: leads, what: 'close and reopen cases' },
  'ledger.read': { roles: ['supervisor', 'counsel', 'admin'], what: "read the whole vault's ledger" },
  'vault.verify': { roles: ['supervisor', 'counsel', 'admin'], what: 'verify the whole vault' },
  'dashboard.read': { roles: leads, what: 'see the deadline and workload dashboard' },
  'conflict.resolve': { roles: leads, what: 'resolve conflicts between workstations' },
  'item.unmute': { roles: reviewers, what: 'hear the sound of a revealed video' },
  'sync.status': { roles: everyone, what: 'see the team roster and what has been synced' },
  'sync.export': {
    roles: leads,
    what: 'export sync bundles (evidence and the ledger) to the team',
  },
  'sync.import': { roles: leads, what: "import sync bundles from the team's workstations" },
  'roster.manage': { roles: admins, what: 'add or remove workstations on the team roster' },
} as const satisfies Record<string, { roles: readonly Role[]; what: string }>;

export type Action = keyof typeof policy;

export const actions = Object.keys(policy) as Action[];

/** The roles that may take an action. */
export function rolesFor(action: Action): readonly Role[] {
  return policy[action].roles;
}

/** A channel's access in the contract: the roles that may take the action the channel performs. */
export function can(action: Action): readonly Role[] {
  return rolesFor(action);
}

export function mayDo(role: Role, action: Action): boolean {
  return (policy[action].roles as readonly Role[]).includes(role);
}

/** The sentence a refused user sees: what they tried, their role, and who may. */
export function refusal(role: Role, action: Action): string {
  const { roles, what } = policy[action];
  return `Your role (${role}) cannot ${what}. Ask someone with one of these roles: ${roles.join(', ')}.`;
}
