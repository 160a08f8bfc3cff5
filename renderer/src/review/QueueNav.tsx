// The sidebar: the review queues with their counts. Sections are separate navigation groups; the cases
// are a section of their own (report/CaseNav.tsx). Choosing a queue while a case's report is open goes
// back to the grid; the Alt+digit keys belong to the report's sections meanwhile, so their hints hide.
import type { ReactNode } from 'react';
import { queues, type Queue } from '../../../shared/review';
import { useCases } from '../report/store';
import { useReview } from './store';

export const queueLabels: Record<Queue, string> = {
  all: 'All items',
  matched: 'Matched',
  uncategorised: 'Uncategorised',
  categorised: 'Categorised',
};

export function SidebarSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <nav className="sidebar-section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </nav>
  );
}

export function QueueNav() {
  const queue = useReview((s) => s.queue);
  const counts = useReview((s) => s.counts);
  const setQueue = useReview((s) => s.setQueue);
  const reportOpen = useCases((s) => s.openId !== null);
  const closeReport = useCases((s) => s.close);
  return (
    <SidebarSection title="Queues">
      <ul className="queue-list">
        {queues.map((name, i) => {
          const count = counts ? counts[name].toLocaleString() : '…';
          return (
            <li key={name}>
              <button
                type="button"
                className="queue-button"
                aria-current={queue === name && !reportOpen ? 'page' : undefined}
                aria-label={`${queueLabels[name]}, ${count} items`}
                aria-keyshortcuts={reportOpen ? undefined : `Alt+${i + 1}`}
                onClick={() => {
                  closeReport();
                  setQueue(name);
                }}
              >
                <span className="queue-name">{queueLabels[name]}</span>
                <span className="queue-count">{count}</span>
                <kbd className={reportOpen ? 'is-inactive' : undefined} aria-hidden={reportOpen || undefined}>
                  Alt+{i + 1}
                </kbd>
              </button>
            </li>
          );
        })}
      </ul>
    </SidebarSection>
  );
}
