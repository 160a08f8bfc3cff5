// The item panel beside the grid: the focused item's blurred preview (or, after a reveal, the clear one),
// the reveal control, category and annotation controls with their keys, and the item's full record; a
// video shows its keyframe strip instead (VideoReview), and a reveal there reveals one keyframe.
// It follows the grid's focus, so J/K move through items with the panel open.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import {
  annotationLabels,
  categories,
  categoryLabels,
  type ItemDetail,
  type ItemSummary,
} from '../../../shared/review';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { ItemDecisionPanel } from '../decisions/ItemDecisionPanel';
import { useMayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';
import { mediaUrl } from '../media';
import { categoryShort } from './format';
import { ItemFacts } from './ItemFacts';
import { keyOfCategory } from './category-keys';
import { Placeholder } from './Placeholder';
import { RevealControl } from './RevealControl';
import { isRevealed } from './reveal';
import { useFocusedItem, useReview } from './store';
import { VideoReview } from './VideoReview';

function moveSpotlight(event: PointerEvent<HTMLDivElement>) {
  const box = event.currentTarget.getBoundingClientRect();
  event.currentTarget.style.setProperty('--spot-x', `${event.clientX - box.left}px`);
  event.currentTarget.style.setProperty('--spot-y', `${event.clientY - box.top}px`);
}

function hideSpotlight(event: PointerEvent<HTMLDivElement>) {
  event.currentTarget.style.setProperty('--spot-x', '-9999px');
}

function ItemPreview({ item, revealed }: { item: ItemSummary; revealed: boolean }) {
  const spotlight = useWorkspace((s) => s.spotlight);
  if (!item.viewable) return <Placeholder item={item} large />;
  const blurred = (
    <img
      className="preview-image blurred"
      src={mediaUrl('preview', item.id)}
      alt={`${item.fileName}, blurred`}
      draggable={false}
    />
  );
  if (!revealed)
    return (
      <div className="preview" data-state="blurred">
        {blurred}
      </div>
    );
  const clear = (
    <img
      className="preview-image revealed"
      src={mediaUrl('clear', item.id)}
      alt={`${item.fileName}, revealed`}
      draggable={false}
    />
  );
  if (!spotlight)
    return (
      <div className="preview" data-state="revealed">
        {clear}
      </div>
    );
  return (
    <div
      className="preview spotlight"
      data-state="spotlight"
      onPointerMove={moveSpotlight}
      onPointerLeave={hideSpotlight}
    >
      {blurred}
      {clear}
    </div>
  );
}

function CategoryBar({ item, allowed }: { item: ItemSummary; allowed: boolean }) {
  const categorize = useReview((s) => s.categorize);
  const openAnnotations = useReview((s) => s.openAnnotations);
  return (
    <div className="category-controls">
      <div className="category-bar" role="group" aria-label="Category">
        {categories.map((category) => (
          <button
            key={category}
            type="button"
            className={`category-button chip-${category}`}
            aria-pressed={item.category === category}
            aria-label={`Categorise ${categoryLabels[category]}`}
            aria-keyshortcuts={keyOfCategory[category]}
            title={categoryLabels[category]}
            disabled={!allowed}
            onClick={() => categorize([item], category, item.annotations)}
          >
            <kbd>{keyOfCategory[category]}</kbd> {categoryShort(category)}
          </button>
        ))}
      </div>
      <div className="annotations-line">
        <button
          type="button"
          id="annotations-button"
          aria-keyshortcuts="A"
          disabled={!allowed}
          onClick={openAnnotations}
        >
          Annotations <kbd>A</kbd>
        </button>
        <span className="annotation-list" aria-label="Current annotations">
          {item.annotations.length === 0
            ? 'none'
            : item.annotations.map((note) => annotationLabels[note]).join(', ')}
        </span>
      </div>
      <p className="current-category">
        {item.category ? `Categorised ${categoryLabels[item.category]}` : 'Not categorised yet'}
      </p>
    </div>
  );
}

export function ItemPanel() {
  const item = useFocusedItem();
  const detailVersion = useReview((s) => s.detailVersion);
  const closePanel = useReview((s) => s.closePanel);
  const [detail, setDetail] = useState<{ id: string; data: ItemDetail } | null>(null);
  const [failure, setFailure] = useState<{ id: string; error: unknown } | null>(null);
  /** The record last opened: re-reading it (after a reveal or categorisation) is a refresh, not an opening. */
  const opened = useRef<string | null>(null);
  const id = item?.id;
  const mayCategorise = useMayCall('review.categorize');
  const mayReveal = useMayCall('review.reveal');
  const revealed = useReview((s) => isRevealed(s.reveal, id));

  useEffect(() => {
    if (!id) return;
    let live = true;
    // The core records every read of a record (and whether its EXIF was shown, which the panel always
    // does) as the record being opened; a short pause keeps J held through the queue from opening every
    // record on the way.
    const timer = setTimeout(() => {
      call('review.item', { id, ...(opened.current === id ? { refresh: true } : {}) })
        .then((data) => {
          opened.current = id;
          if (live) setDetail({ id, data });
        })
        .catch((error: unknown) => live && setFailure({ id, error }));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, detailVersion]);

  const shown = detail && detail.id === id ? detail.data : null;
  const error = failure && failure.id === id && !shown ? failure.error : null;

  return (
    <section className="item-panel" aria-label="Item panel">
      {!item ? (
        <p className="loading">Loading the item…</p>
      ) : (
        <>
          <header className="panel-header">
            <h2 className="panel-title" title={item.fileName}>
              {item.fileName}
            </h2>
            <button
              type="button"
              onClick={closePanel}
              aria-label="Close the item panel"
              aria-keyshortcuts="Escape"
            >
              Close <kbd>Esc</kbd>
            </button>
          </header>
          {item.viewable && item.mime.startsWith('video/') ? (
            <VideoReview item={item} revealed={revealed} />
          ) : (
            <ItemPreview item={item} revealed={revealed} />
          )}
          {item.viewable && <RevealControl revealed={revealed} allowed={mayReveal} />}
          <CategoryBar item={item} allowed={mayCategorise} />
          {error !== null && <ErrorBanner error={error} />}
          {shown ? (
            <ItemFacts detail={shown} />
          ) : (
            error === null && <p className="loading">Loading the record…</p>
          )}
          <ItemDecisionPanel item={item} />
        </>
      )}
    </section>
  );
}
