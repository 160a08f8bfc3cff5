// The sidebar's review queues with their counts. Choosing a queue while a case's report is open goes
// back to the grid; the Alt+digit keys belong to the report's sections meanwhile, so their hints hide.
import { queueLabels, queues } from '../../../shared/review';
import { SidebarSection } from '../workspace/SidebarSection';
import { useWorkspace } from '../workspace/store';
import { useReview } from './store';

export function QueueNav() {
  const queue = useReview((s) => s.queue);
  const counts = useReview((s) => s.counts);
  const setQueue = useReview((s) => s.setQueue);
  const reportOpen = useWorkspace((s) => s.openCase !== null);
  const showGrid = useWorkspace((s) => s.showGrid);
  return (
    <SidebarSection title="Queues">
      <ul className="queue-list">
        {queues.map((name, i) => {
          const count = counts ? counts[name].toLocaleString() : '…';
          return (
            <li key={name}>
              <button
                type="button"
                className="nav-item"
                aria-current={queue === name && !reportOpen ? 'page' : undefined}
                aria-label={`${queueLabels[name]}, ${count} items`}
                aria-keyshortcuts={reportOpen ? undefined : `Alt+${i + 1}`}
                onClick={() => {
                  showGrid();
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
