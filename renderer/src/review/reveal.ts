// The reveal flow as one tagged state: nothing; a hold running on an item; a completed hold waiting for
// the reason; or an item revealed unblurred. A reveal lasts only while its item stays the open item. The
// transitions are pure functions; the review store applies them and owns the timer.
import type { ItemSummary } from '../../../shared/review';

export type Reveal =
  | { kind: 'idle' }
  | { kind: 'holding'; item: ItemSummary; startedAt: number }
  | { kind: 'choosingReason'; item: ItemSummary }
  | { kind: 'revealed'; itemId: string };

export const idle: Reveal = { kind: 'idle' };

/** A hold starts on the open item, unless one is running, a reason is asked, or it is already revealed. */
export function holdStarted(reveal: Reveal, item: ItemSummary, now: number): Reveal {
  if (reveal.kind === 'holding' || reveal.kind === 'choosingReason') return reveal;
  if (reveal.kind === 'revealed' && reveal.itemId === item.id) return reveal;
  return { kind: 'holding', item, startedAt: now };
}

/** The hold ran its full time: the reason is asked if the item it started on is still the open one. */
export function holdCompleted(reveal: Reveal, openId: string | undefined): Reveal {
  if (reveal.kind !== 'holding') return reveal;
  return reveal.item.id === openId ? { kind: 'choosingReason', item: reveal.item } : idle;
}

/** Letting go before the hold completed. */
export function holdCancelled(reveal: Reveal): Reveal {
  return reveal.kind === 'holding' ? idle : reveal;
}

/** The core recorded the reveal of `item`: it shows unblurred if it is still the open item. */
export function revealAnswered(reveal: Reveal, item: ItemSummary, openId: string | undefined): Reveal {
  return item.id === openId ? { kind: 'revealed', itemId: item.id } : reveal;
}

/**
 * After any change to the queue, the focus or the panel: a revealed item that is no longer the open one
 * (`openId`, undefined when the panel is closed) is blurred again, and coming back needs a new reveal.
 */
export function settled(reveal: Reveal, openId: string | undefined): Reveal {
  return reveal.kind === 'revealed' && reveal.itemId !== openId ? idle : reveal;
}

export function isRevealed(reveal: Reveal, itemId: string | undefined): boolean {
  return reveal.kind === 'revealed' && reveal.itemId === itemId;
}
