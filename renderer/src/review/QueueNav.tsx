// The sidebar: the review queues with their counts. Sections are separate navigation groups, so cases
// (a later issue) join as a section of their own.
import type { ReactNode } from 'react';
import { queues, type Queue } from '../../../shared/review';
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
                aria-current={queue === name ? 'page' : undefined}
                aria-label={`${queueLabels[name]}, ${count} items`}
                aria-keyshortcuts={`Alt+${i + 1}`}
                onClick={() => setQueue(name)}
              >
                <span className="queue-name">{queueLabels[name]}</span>
                <span className="queue-count">{count}</span>
                <kbd>Alt+{i + 1}</kbd>
              </button>
            </li>
          );
        })}
      </ul>
    </SidebarSection>
  );
}
