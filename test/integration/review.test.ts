import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../../main/core/ledger/entry';
import { mediaHeaders, serveMedia } from '../../main/core/media-protocol';
import { ingestPaths } from '../../main/core/media/ingest';
import { testCore } from '../support/core';
import { jpegWithExif, shapesImage } from '../support/media';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function setup() {
  const { core, root, call } = await testCore(tempDir);
  await call('vault.create', { vault: 'Review', user: 'ana', passphrase: passphrases.ana });
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'a.png'), await shapesImage(1));
  await writeFile(join(src, 'b.jpg'), await jpegWithExif(2));
  await writeFile(
    join(src, 'c.gif'),
    await sharp(await shapesImage(3))
      .gif()
      .toBuffer(),
  );
  await writeFile(join(src, 'broken.jpg'), (await shapesImage(4)).subarray(0, 200));
  await writeFile(join(src, 'notes.txt'), 'not an image');
  const summary = await ingestPaths(core.workstation.vault(), [src]);
  expect(summary.failed).toBe(0);
  const idOf = (name: string) =>
    (summary.outcomes.find((o) => o.path.endsWith(name)) as { itemId: string }).itemId;
  return { core, call, idOf };
}

describe('review', () => {
  it('serves blurred derivatives, and the unblurred preview only after a recorded reveal', async () => {
    const { core, call, idOf } = await setup();
    const a = idOf('a.png');
    const thumb = await serveMedia(core.workstation, `/thumbnail/${a}`);
    expect(thumb).toMatchObject({ status: 200, contentType: 'image/jpeg', headers: mediaHeaders });
    expect((await sharp(Buffer.from(thumb.body)).metadata()).width).toBeLessThanOrEqual(256);
    expect((await serveMedia(core.workstation, `/clear/${a}`)).status).toBe(403);
    expect((await serveMedia(core.workstation, `/preview/${idOf('notes.txt')}`)).status).toBe(404);
    expect((await serveMedia(core.workstation, `/original/${a}`)).status).toBe(400);
    expect((await serveMedia(core.workstation, `/thumbnail/../../etc/passwd`)).status).toBe(400);

    const reveal = await call<{ reveals: number }>('review.reveal', { id: a, reason: 'categorise' });
    expect(reveal.reveals).toBe(1);
    const clear = await serveMedia(core.workstation, `/clear/${a}`);
    expect(clear.status).toBe(200);
    // The blurred preview and the clear one really differ: blur removes edges.
    const blurred = await serveMedia(core.workstation, `/preview/${a}`);
    const edges = async (b: Uint8Array) => {
      const { data, info } = await sharp(Buffer.from(b))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      let count = 0;
      for (let y = 0; y < info.height; y++) {
        for (let x = 1; x < info.width; x++) {
          const i = y * info.width + x;
          if (Math.abs((data[i] ?? 0) - (data[i - 1] ?? 0)) > 16) count++;
        }
      }
      return count;
    };
    const clearEdges = await edges(clear.body);
    expect(clearEdges).toBeGreaterThan(100);
    expect(await edges(blurred.body)).toBeLessThan(clearEdges / 20);

    core.workstation.lock();
    expect((await serveMedia(core.workstation, `/thumbnail/${a}`)).status).toBe(403);
  });

  it('records every fetch of the unblurred preview after the one its reveal covers (finding 19)', async () => {
    const { core, call, idOf } = await setup();
    const a = idOf('a.png');
    const clearViews = () =>
      core.workstation
        .vault()
        .ledger.entriesFor(a, 'item.view')
        .filter((e) => e.details.variant === 'clear' && e.details.clear === true).length;
    await call('review.reveal', { id: a, reason: 'categorise' });
    expect((await serveMedia(core.workstation, `/clear/${a}`)).status).toBe(200);
    expect(clearViews()).toBe(0);
    expect((await serveMedia(core.workstation, `/clear/${a}`)).status).toBe(200);
    expect((await serveMedia(core.workstation, `/clear/${a}`)).status).toBe(200);
    expect(clearViews()).toBe(2);
    // A new reveal covers the next fetch again.
    await call('review.reveal', { id: a, reason: 'categorise' });
    expect((await serveMedia(core.workstation, `/clear/${a}`)).status).toBe(200);
    expect(clearViews()).toBe(2);
    const history = await call<{ history: Array<{ action: string; summary?: string }> }>('review.item', {
      id: a,
    });
    expect(JSON.stringify(history.history)).toContain('unblurred preview shown again');
    core.workstation.lock();
  });

  it('lists matched first, shows an item with EXIF and history, and records views, reveals and categories', async () => {
    const { core, call, idOf } = await setup();
    const page = await call<{
      total: number;
      items: Array<{ id: string; viewable: boolean; fileName: string }>;
    }>('review.items', { queue: 'all', offset: 0, limit: 50 });
    expect(page.total).toBe(5);
    expect(page.items.find((i) => i.fileName === 'broken.jpg')?.viewable).toBe(false);
    expect(page.items.find((i) => i.fileName === 'c.gif')?.viewable).toBe(true);
    const b = idOf('b.jpg');
    await serveMedia(core.workstation, `/thumbnail/${b}`);
    core.workstation.review().flushViews();
    await call('review.categorize', {
      ids: [b, idOf('a.png')],
      category: 'none',
      annotations: ['potentialMeme'],
    });
    const detail = await call<{
      exif: Array<{ name: string; value: string }>;
      history: Array<{ action: string }>;
      category: string;
      annotations: string[];
    }>('review.item', { id: b });
    expect(detail.exif).toEqual(expect.arrayContaining([{ name: 'Image.Make', value: 'CustodyTestCam' }]));
    expect(detail.history.map((h) => h.action)).toEqual(['item.ingest', 'item.view', 'item.categorize']);
    const again = await call<{ history: Array<{ action: string; summary: string }> }>('review.item', {
      id: b,
    });
    expect(again.history.at(-1)).toMatchObject({ action: 'item.view' });
    expect(detail).toMatchObject({ category: 'none', annotations: ['potentialMeme'] });
    const broken = await call<{ metadata: Record<string, unknown> }>('review.item', {
      id: idOf('broken.jpg'),
    });
    expect(String(broken.metadata.displayError)).not.toBe('');
    const counts = await call<{ counts: Record<string, number> }>('review.queues', {});
    expect(counts.counts).toMatchObject({ all: 5, categorised: 2, uncategorised: 3, matched: 0 });

    const vault = core.workstation.vault();
    const actions = vault.ledger.leaves(0, vault.ledger.size).map((l) => parseEntry(l));
    const view = actions.find((e) => e.action === 'item.view');
    expect(view?.subjects).toEqual([b]);
    expect(actions.find((e) => e.action === 'item.categorize')?.subjects.sort()).toEqual(
      [b, idOf('a.png')].sort(),
    );
    core.workstation.lock();
  });

  it('keeps wellness settings per user, changed through the ledger', async () => {
    const { core, call } = await setup();
    const defaults = await call<{ greyscale: boolean }>('wellness.get', {});
    expect(defaults.greyscale).toBe(true);
    await call('wellness.set', {
      blurStrength: 3,
      greyscale: false,
      revealHoldMs: 1200,
      breakAfterReveals: 5,
    });
    expect(await call('wellness.get', {})).toEqual({
      blurStrength: 3,
      greyscale: false,
      revealHoldMs: 1200,
      breakAfterReveals: 5,
    });
    expect(
      (
        await core.router.call('wellness.set', {
          blurStrength: 9,
          greyscale: false,
          revealHoldMs: 1200,
          breakAfterReveals: 5,
        })
      ).ok,
    ).toBe(false);
    core.workstation.lock();
  });
});
