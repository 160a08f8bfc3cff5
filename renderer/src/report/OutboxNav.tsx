// The sidebar's outbox: submissions not finished yet (waiting for NCMEC, or stopped for a person), with
// their cases' 24-hour clocks. Hidden when empty; choosing one opens its case's builder.
import type { SubmissionView } from '../../../shared/cases';
import { SidebarSection } from '../workspace/SidebarSection';
import { useWorkspace } from '../workspace/store';
import { caseClock, useNow } from './clock';
import { useCases } from './store';
import { useSubmission } from './submission';

/** How each submission state reads in the outbox (the core says which states the outbox holds). */
const stateLabels: Record<SubmissionView['state'], string> = {
  ready: 'Waiting',
  submitting: 'Sending',
  opened: 'Opened',
  ambiguous: 'Needs a person',
  expired: 'Expired',
  failed: 'Refused',
  finished: 'Reported',
  retracted: 'Retracted',
};

export function OutboxNav() {
  const outbox = useSubmission((s) => s.outbox);
  const fetchedAt = useSubmission((s) => s.outboxFetchedAt);
  const openId = useWorkspace((s) => s.openCase);
  const open = useCases((s) => s.open);
  const now = useNow();
  if (outbox.length === 0) return null;
  return (
    <SidebarSection title="Outbox">
      <ul className="case-list outbox-list">
        {outbox.map((entry) => {
          const remaining = new Date(entry.deadlineAt).getTime() - Math.max(now, fetchedAt);
          const clock = caseClock(
            {
              id: entry.caseId,
              title: entry.title,
              externalId: null,
              detectedAt: entry.deadlineAt,
              deadlineAt: entry.deadlineAt,
              status: 'open',
              items: entry.files.length,
              remainingMs: remaining,
            },
            remaining,
          );
          const state = stateLabels[entry.state];
          return (
            <li key={entry.id}>
              <button
                type="button"
                className="nav-item outbox-button"
                aria-current={openId === entry.caseId ? 'page' : undefined}
                aria-label={`${entry.title}, ${state}, ${clock.spoken}`}
                title={entry.error ?? entry.title}
                onClick={() => open(entry.caseId)}
              >
                <span className="case-title">{entry.title}</span>
                <span className={`outbox-state is-${entry.state}`}>{state}</span>
                <span className={`case-clock is-${clock.urgency}`}>{clock.text}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </SidebarSection>
  );
}
