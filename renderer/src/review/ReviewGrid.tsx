// The review grid, virtualised: fixed-size cells, only the rows in view (plus a few either side) are in
// the document, absolutely placed inside a spacer as tall as the whole queue. Pages of the queue are
// fetched as their rows come into view. Focus is the grid's active descendant, so the keyboard keeps
// working while rows come and go. The workspace keys it by queue, so a new queue starts at the top.
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { queueLabels } from '../../../shared/review';
import { itemAt } from './pages';
import { useReview } from './store';
import { Tile } from './Tile';

/** Cell geometry in CSS pixels; styles/grid.css sizes the tile contents to match. */
const rowHeight = 228;
const minCellWidth = 172;
const gap = 12;
const padding = 12;
const overscanRows = 3;
/** A row's thumbnails load once it has been in view this long, unless the grid is at rest. */
const settleMs = 140;

/**
 * When the grid last scrolled; rows mounted within `settleMs` of it wait before loading thumbnails. Module
 * state on purpose: it is read as rows mount, and no render depends on it.
 */
const lastScroll = { at: 0 };

interface RowProps {
  row: number;
  columns: number;
  total: number;
}

const Row = memo(function Row({ row, columns, total }: RowProps) {
  const pages = useReview((s) => s.pages);
  const focus = useReview((s) => s.focus);
  const selection = useReview((s) => s.selection);
  const [settled, setSettled] = useState(() => performance.now() - lastScroll.at > settleMs);
  useEffect(() => {
    if (settled) return;
    const timer = setTimeout(() => setSettled(true), settleMs);
    return () => clearTimeout(timer);
  }, [settled]);
  const first = row * columns;
  const cells = [];
  for (let column = 0; column < columns && first + column < total; column++) {
    const index = first + column;
    cells.push(
      <Tile
        key={index}
        index={index}
        column={column}
        item={itemAt(pages, index)}
        active={index === focus}
        selected={selection.has(index)}
        showImage={settled}
      />,
    );
  }
  return (
    <div
      role="row"
      aria-rowindex={row + 1}
      className="grid-row"
      style={{
        transform: `translateY(${row * rowHeight}px)`,
        gridTemplateColumns: `repeat(${columns}, 1fr)`,
      }}
    >
      {cells}
    </div>
  );
});

export function ReviewGrid() {
  const scroller = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [firstRow, setFirstRow] = useState(0);
  const queue = useReview((s) => s.queue);
  const searching = useReview((s) => s.search !== null);
  const total = useReview((s) => s.total);
  const focus = useReview((s) => s.focus);
  const selectionSize = useReview((s) => s.selection.size);
  const generation = useReview((s) => s.generation);
  const view = useReview((s) => s.view);
  const layout = useReview((s) => s.layout);

  const columns = Math.max(1, Math.floor((size.width - 2 * padding + gap) / (minCellWidth + gap)));
  const rows = total ? Math.ceil(total / columns) : 0;
  const visibleRows = Math.max(1, Math.floor(size.height / rowHeight));
  const from = Math.max(0, firstRow - overscanRows);
  const to = Math.min(rows - 1, firstRow + Math.ceil(size.height / rowHeight) + overscanRows);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      setSize({ width: element.clientWidth, height: element.clientHeight }),
    );
    observer.observe(element);
    element.focus({ preventScroll: true });
    return () => observer.disconnect();
  }, []);

  useEffect(() => layout(columns, visibleRows), [columns, visibleRows, layout]);

  useEffect(() => {
    if (size.height > 0) view(from * columns, (to + 1) * columns - 1);
  }, [from, to, columns, size.height, generation, view]);

  // Keep the focused cell in view when the keyboard (or a resize) moves it.
  useEffect(() => {
    const element = scroller.current;
    if (!element || size.height === 0) return;
    const top = Math.floor(focus / columns) * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight)
      element.scrollTop = top + rowHeight - element.clientHeight + padding;
  }, [focus, columns, size.height]);

  const rendered = [];
  for (let row = from; row <= to; row++)
    rendered.push(<Row key={row} row={row} columns={columns} total={total ?? 0} />);
  const focusedRow = Math.floor(focus / columns);

  return (
    <div className="grid-area">
      <div
        ref={scroller}
        className="grid-scroller"
        role="grid"
        tabIndex={0}
        aria-label={`Review grid: ${searching ? 'Search results' : queueLabels[queue]}`}
        aria-rowcount={rows}
        aria-colcount={columns}
        aria-multiselectable="true"
        aria-activedescendant={total && focusedRow >= from && focusedRow <= to ? `cell-${focus}` : undefined}
        aria-busy={total === null}
        onScroll={(event) => {
          lastScroll.at = performance.now();
          const row = Math.floor(event.currentTarget.scrollTop / rowHeight);
          if (row !== firstRow) setFirstRow(row);
        }}
      >
        <div role="rowgroup" className="grid-spacer" style={{ height: rows * rowHeight + padding }}>
          {rendered}
        </div>
      </div>
      {total === null && <p className="grid-message">Loading the queue…</p>}
      {total === 0 && (
        <p className="grid-message">
          {queue === 'all'
            ? 'This vault holds no evidence yet. Add files with `custody ingest` on the command line.'
            : 'No items in this queue.'}
        </p>
      )}
      {total !== null && total > 0 && (
        <p className="grid-footer" aria-live="off">
          Item {(focus + 1).toLocaleString()} of {total.toLocaleString()}
          {selectionSize > 1 && ` · ${selectionSize.toLocaleString()} selected (G to categorise them)`}
        </p>
      )}
    </div>
  );
}
