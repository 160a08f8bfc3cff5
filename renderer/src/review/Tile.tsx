// One grid cell: the blurred thumbnail (or a typed placeholder), the match badge, the category and the
// file name. Hover changes nothing about what is shown; only a deliberate reveal in the panel unblurs.
import { memo, useState, type MouseEvent } from 'react';
import type { ItemSummary } from '../../../shared/review';
import { mediaUrl } from '../media';
import { categoryShort, formatBytes, matchKind, tileLabel } from './format';
import { Placeholder } from './Placeholder';
import { useReview, type FocusMode } from './store';

interface TileProps {
  index: number;
  column: number;
  item: ItemSummary | undefined;
  active: boolean;
  selected: boolean;
  /** Thumbnails load once a row has been in view for a moment, not while it flies past. */
  showImage: boolean;
}

function modeOf(event: MouseEvent): FocusMode {
  if (event.shiftKey) return 'extend';
  if (event.ctrlKey || event.metaKey) return 'toggle';
  return 'move';
}

export const Tile = memo(function Tile({ index, column, item, active, selected, showImage }: TileProps) {
  const [broken, setBroken] = useState(false);
  const focusAt = useReview((s) => s.focusAt);
  const openPanel = useReview((s) => s.openPanel);
  const classes = ['tile', active ? 'is-active' : '', selected ? 'is-selected' : ''].join(' ');
  if (!item) {
    return (
      <div
        role="gridcell"
        id={`cell-${index}`}
        aria-colindex={column + 1}
        aria-selected={selected}
        aria-label={`Item ${index + 1}, loading`}
        className={`${classes} is-loading`}
        onClick={(event) => focusAt(index, modeOf(event))}
      >
        <div className="tile-media" />
        <div className="tile-caption">
          <span className="tile-name">Loading…</span>
        </div>
      </div>
    );
  }
  const match = item.match;
  return (
    <div
      role="gridcell"
      id={`cell-${index}`}
      aria-colindex={column + 1}
      aria-selected={selected}
      aria-label={tileLabel(item)}
      className={`${classes}${match && !match.suppressedBy ? ' is-matched' : ''}`}
      onClick={(event) => focusAt(index, modeOf(event))}
      onDoubleClick={() => {
        focusAt(index);
        openPanel();
      }}
    >
      <div className="tile-media" aria-hidden="true">
        {item.viewable && !broken ? (
          showImage && (
            <img
              className="blurred"
              src={mediaUrl('thumbnail', item.id)}
              alt=""
              draggable={false}
              decoding="async"
              onError={() => setBroken(true)}
            />
          )
        ) : (
          <Placeholder item={item} />
        )}
        {match && (
          <span className={match.suppressedBy ? 'badge badge-suppressed' : 'badge'}>
            {match.suppressedBy ? 'suppressed: ' : ''}
            {match.flaggedAt && !match.suppressedBy ? 'new: ' : ''}
            {matchKind(match)}
            {match.transform && match.transform !== 'original' ? ' ↻' : ''} · {match.bank}
          </span>
        )}
        {item.category && (
          <span className={`chip chip-${item.category}`}>{categoryShort(item.category)}</span>
        )}
      </div>
      <div className="tile-caption" aria-hidden="true">
        <span className="tile-name">{item.fileName}</span>
        <span className="tile-meta">
          {formatBytes(item.size)}
          {item.annotations.length > 0 &&
            ` · ${item.annotations.length} note${item.annotations.length > 1 ? 's' : ''}`}
        </span>
      </div>
    </div>
  );
});
