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
