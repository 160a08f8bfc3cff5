// The item panel's record of an image the core kept but did not decode (review findings 9 and 10): the
// display failure and the PDQ error both show the core's reason, "too large to decode" and why.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { itemDetail, type ItemDetail } from '../../shared/review';
import { ItemFacts } from '../../renderer/src/review/ItemFacts';

const reason =
  'too large to decode: it declares 14000 x 14000 pixels (196 megapixels), over the 100 megapixels decoding ' +
  'budget; it may be a decompression bomb. The original is kept, hashed and encrypted, but has no preview and ' +
  'no PDQ hash.';

const detail: ItemDetail = itemDetail.parse({
  id: '7185aa55-0000-4000-8000-000000000001',
  fileName: 'bomb196m.png',
  mime: 'image/png',
  size: 601682,
  sha256: 'a'.repeat(64),
  viewable: false,
  match: null,
  category: null,
  annotations: [],
  sha1: 'b'.repeat(40),
  md5: 'c'.repeat(32),
  pdq: { hash: null, quality: null, error: `Cannot decode "/case/bomb196m.png" for PDQ: ${reason}` },
  matches: [],
  matchPending: false,
  metadata: { format: 'png', width: 14000, height: 14000, displayError: reason },
  exif: [],
  sources: [],
  history: [],
  revealed: false,
});

describe('item facts of an image too large to decode', () => {
  it('shows why it has no preview and why it has no PDQ hash', () => {
    const html = renderToStaticMarkup(createElement(ItemFacts, { detail }));
    expect(html).toContain(`This file could not be displayed: ${reason}`);
    expect(html).toContain(
      `PDQ could not be computed: Cannot decode &quot;/case/bomb196m.png&quot; for PDQ: ${reason}`,
    );
    expect(html).toContain('14000');
  });
});

describe('item facts of a video matched by vPDQ', () => {
  const video: ItemDetail = itemDetail.parse({
    ...detail,
    fileName: 'clip.mp4',
    mime: 'video/mp4',
    pdq: null,
    metadata: {},
    vpdq: { everySeconds: 1, frames: 23, problem: null, error: null },
    matches: [
      {
        algorithm: 'vpdq',
        distance: 0,
        bank: 'videos',
        bankVersion: '3',
        suppressedBy: null,
        transform: null,
        suppressor: null,
        flaggedAt: null,
        queryPercent: 100,
        targetPercent: 95.6521,
        value: 'chair-orig.mp4',
        label: 'chair-orig.mp4',
        category: null,
      },
      {
        algorithm: 'pdq',
        distance: 12,
        bank: 'stills',
        bankVersion: '2',
        suppressedBy: null,
        transform: 'rotate90',
        suppressor: null,
        flaggedAt: null,
        frame: 60,
        timestampSeconds: 2.002,
        value: 'd'.repeat(64),
        label: 'still',
        category: null,
      },
    ],
  });

  it('cites the frame and time of a still found inside it, and both vPDQ percentages', () => {
    const html = renderToStaticMarkup(createElement(ItemFacts, { detail: video }));
    expect(html).toContain('vPDQ 100%/95.7%');
    expect(html).toContain(
      '100% of this video&#x27;s frames match the bank&#x27;s video, 95.7% of its frames',
    );
    expect(html).toContain('Frame 60 at 0:02.0');
    expect(html).toContain('Matched rotated 90°');
    expect(html).toContain('vPDQ: 23 frames hashed (one frame every 1 s)');
  });

  it('shows why a video could not be hashed', () => {
    const html = renderToStaticMarkup(
      createElement(ItemFacts, {
        detail: {
          ...video,
          matches: [],
          vpdq: { everySeconds: 1, frames: 0, problem: null, error: 'No frame could be decoded.' },
        },
      }),
    );
    expect(html).toContain('vPDQ could not be computed: No frame could be decoded.');
  });
});
