// The sidebar's cases: each with its 24-hour clock, overdue and nearest deadlines first (the core's
// order). Choosing one opens its report builder in the main area; C goes to the list.
import { SidebarSection } from '../workspace/SidebarSection';
import { useWorkspace } from '../workspace/store';
import { caseClock, remainingAt, useNow } from './clock';
import { useCases } from './store';

const caseListId = 'case-list';

/** C: the open case in the sidebar, else the first; false when there is none. */
export function focusCases(): boolean {
  const list = document.getElementById(caseListId);
  const target =
    list?.querySelector<HTMLElement>('button[aria-current=page]') ??
    list?.querySelector<HTMLElement>('button');
  target?.focus();
  return Boolean(target);
}

export function CaseNav() {
  const cases = useCases((s) => s.cases);
  const fetchedAt = useCases((s) => s.fetchedAt);
  const listError = useCases((s) => s.listError);
  const openId = useWorkspace((s) => s.openCase);
  const editors = useCases((s) => s.editors);
  const open = useCases((s) => s.open);
  const loadList = useCases((s) => s.loadList);
  const now = useNow();

  return (
    <SidebarSection title="Cases">
      {listError && (
        <div className="sidebar-problem" role="alert">
          <p>{listError}</p>
          <button type="button" onClick={() => void loadList()}>
            Try again
          </button>
        </div>
      )}
      {cases === null && !listError && <p className="sidebar-note">Loading cases…</p>}
      {cases?.length === 0 && (
        <p className="sidebar-note">
          No cases yet. Import one with <code>custody case import</code>.
        </p>
      )}
      {cases && cases.length > 0 && (
        <ul className="case-list" id={caseListId}>
          {cases.map((summary) => {
            const clock = caseClock(summary, remainingAt(summary, fetchedAt, now));
            const unsaved = editors[summary.id]?.dirty === true;
            return (
              <li key={summary.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={openId === summary.id ? 'page' : undefined}
                  aria-label={`${summary.title}, ${clock.spoken}${unsaved ? ', unsaved changes' : ''}`}
                  title={summary.title}
                  onClick={() => open(summary.id)}
                >
                  <span className="case-title">{summary.title}</span>
                  <span className={`case-clock is-${clock.urgency}`}>{clock.text}</span>
                  {unsaved && <span className="case-unsaved">Unsaved changes</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </SidebarSection>
  );
}
