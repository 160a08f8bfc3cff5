// What the ledger says the security-relevant tables should hold: one pass over every entry, oldest first,
// keeping the latest state of each user, bank, item, categorisation, case draft, submission, legal hold and
// retention extension. Reads only parsed
// ledger entries; it never looks at a table.
import type { LedgerEntry } from '../ledger';
import type { Vault } from '../identity';

export interface LedgerUser {
  name: string;
  role: unknown;
  removed: boolean;
}

export interface LedgerBank {
  details: Record<string, unknown>;
  actor: string;
  removed: boolean;
}

export interface LedgerItem {
  details: Record<string, unknown>;
  shredded: boolean;
  category: { category: unknown; annotations: unknown } | null;
}

export interface LedgerSubmission {
  caseId: string;
  /** The state the last state-changing step left it in; null for a step this replay does not know. */
  state: string | null;
  reportId: number | null;
}

/**
 * The state each `report.submission` step leaves a submission in (main/core/cybertip/submission: steps,
 * store, resolve). Steps that change no state (uploads, file details, waiting) are absent.
 */
const stateAfterStep: Record<string, string> = {
  created: 'ready',
  submitting: 'submitting',
  'submit-not-sent': 'ready',
  opened: 'opened',
  resolved: 'opened',
  finished: 'finished',
  ambiguous: 'ambiguous',
  expired: 'expired',
  failed: 'failed',
  abandoned: 'failed',
  retracted: 'retracted',
};

export interface LedgerHold {
  released: boolean;
  /** Its scope as `kind:target`, sorted. */
  scope: string[];
}

export interface LedgerState {
  users: Map<string, LedgerUser>;
  banks: Map<string, LedgerBank>;
  items: Map<string, LedgerItem>;
  /** Each case's latest recorded draft hash (entries from before drafts were hashed record none). */
  drafts: Map<string, string>;
  submissions: Map<string, LedgerSubmission>;
  holds: Map<string, LedgerHold>;
  extensions: Map<string, { target: string; until: unknown }>;
}

function apply(state: LedgerState, entry: LedgerEntry): void {
  const [subject] = entry.subjects;
  const d = entry.details;
  switch (entry.action) {
    case 'user.add':
      if (subject) state.users.set(subject, { name: String(d.name), role: d.role, removed: false });
      break;
    case 'user.role': {
      const user = subject ? state.users.get(subject) : undefined;
      if (user) user.role = d.role;
      break;
    }
    case 'user.remove': {
      const user = subject ? state.users.get(subject) : undefined;
      if (user) user.removed = true;
      break;
    }
    case 'bank.import':
      if (subject) state.banks.set(subject, { details: d, actor: entry.actor, removed: false });
      break;
    case 'bank.remove': {
      const bank = subject ? state.banks.get(subject) : undefined;
      if (bank) bank.removed = true;
      break;
    }
    case 'item.ingest':
      if (subject && !state.items.has(subject))
        state.items.set(subject, { details: d, shredded: false, category: null });
      break;
    case 'item.shred': {
      const item = subject ? state.items.get(subject) : undefined;
      if (item) item.shredded = true;
      break;
    }
    case 'item.categorize':
      for (const id of entry.subjects) {
        const item = state.items.get(id);
        if (item) item.category = { category: d.category, annotations: d.annotations };
      }
      break;
    case 'report.submission': {
      const [caseId, id] = entry.subjects;
      if (!caseId || !id) break;
      const submission = state.submissions.get(id) ?? { caseId, state: null, reportId: null };
      const after = stateAfterStep[String(d.step)];
      if (after) submission.state = after;
      if (typeof d.reportId === 'number' && (d.step === 'opened' || d.step === 'resolved'))
        submission.reportId = d.reportId;
      state.submissions.set(id, submission);
      break;
    }
    case 'hold.add': {
      const scope = Array.isArray(d.scope) ? (d.scope as Array<{ kind?: unknown; target?: unknown }>) : [];
      if (subject)
        state.holds.set(subject, {
          released: false,
          scope: scope.map((s) => `${String(s.kind)}:${String(s.target)}`).sort(),
        });
      break;
    }
    case 'hold.release': {
      const hold = subject ? state.holds.get(subject) : undefined;
      if (hold) hold.released = true;
      break;
    }
    case 'retention.extend': {
      const target = entry.subjects[1];
      if (subject && target) state.extensions.set(subject, { target, until: d.until });
      break;
    }
    case 'case.update':
      if (subject && typeof d.draft === 'string') state.drafts.set(subject, d.draft);
      break;
    default:
      break;
  }
}

const text = new TextDecoder('utf-8', { fatal: true });

/**
 * Replays the whole ledger into the state the tables should hold. Leaves are read as plain JSON: `verify`
 * checks every leaf strictly (parseEntry: schema, canonical form, signature) in its ledger pass and names
 * any that fails there, so repeating that here would only double the time.
 */
export function replayLedger(vault: Vault): LedgerState {
  const state: LedgerState = {
    users: new Map(),
    banks: new Map(),
    items: new Map(),
    drafts: new Map(),
    submissions: new Map(),
    holds: new Map(),
    extensions: new Map(),
  };
  for (const leaf of vault.ledger.leavesFrom(0)) apply(state, JSON.parse(text.decode(leaf)) as LedgerEntry);
  return state;
}
