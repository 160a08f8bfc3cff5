// Issue 16, part 2 in the core: a video's keyframes are served blurred; the unblurred copy of one keyframe
// only after its recorded reveal (and of that keyframe only); playback only once a keyframe was revealed,
// in byte ranges for <video>; unmuting is its own recorded choice.
import { describe, expect, it } from 'vitest';
import { mediaHeaders, serveMedia } from '../../main/core/media-protocol';
import { ingestPaths } from '../../main/core/media/ingest';
import { testCore } from '../support/core';
import { passphrases, useTempDirs } from '../support/temp';
import { patternVideo } from '../support/video';

const tempDir = useTempDirs();

describe('reviewing a video', () => {
  it('reveals one keyframe at a time, plays only after a reveal, and records unmuting', async () => {
    const { core, root, call } = await testCore(tempDir);
    await call('vault.create', { vault: 'Video', user: 'ana', passphrase: passphrases.ana });
    const video = patternVideo(root, 'clip.mp4');
    const summary = await ingestPaths(core.workstation.vault(), [video.path]);
    const id = (summary.outcomes[0] as { itemId: string }).itemId;
    const { keyframes } = await call<{ keyframes: Array<{ seconds: number }> }>('review.keyframes', { id });
    expect(keyframes.length).toBeGreaterThanOrEqual(8);

    const blurred = await serveMedia(core.workstation, `/preview/${id}/2`);
    expect(blurred).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    expect(blurred.headers).toEqual(mediaHeaders);
    expect((await serveMedia(core.workstation, `/clear/${id}/2`)).status).toBe(403);
    expect((await serveMedia(core.workstation, `/video/${id}`)).status).toBe(403);
    expect((await serveMedia(core.workstation, `/clear/${id}/64`)).status).toBe(400);
    expect((await serveMedia(core.workstation, `/video/${id}/1`)).status).toBe(400);
    await expect(call('review.unmute', { id })).rejects.toThrow(/Reveal a keyframe/);

    expect(await call('review.revealKeyframe', { id, keyframe: 2, reason: 'categorise' })).toMatchObject({
      reveals: 1,
    });
    expect((await serveMedia(core.workstation, `/clear/${id}/2`)).status).toBe(200);
    expect((await serveMedia(core.workstation, `/clear/${id}/3`)).status).toBe(403);
    // The item's own unblurred preview does not exist for a video: the strip is what is revealed.
    expect((await serveMedia(core.workstation, `/clear/${id}`)).status).toBe(404);

    const whole = await serveMedia(core.workstation, `/video/${id}`);
    expect(whole).toMatchObject({ status: 200, contentType: 'video/mp4' });
    const part = await serveMedia(core.workstation, `/video/${id}`, 'bytes=100-199');
    expect(part.status).toBe(206);
    expect(Buffer.from(part.body)).toEqual(Buffer.from(whole.body).subarray(100, 200));
    expect(part.headers['Content-Range']).toBe(`bytes 100-199/${whole.body.length}`);
    expect((await serveMedia(core.workstation, `/video/${id}`, `bytes=${whole.body.length}-`)).status).toBe(
      416,
    );

    // Another keyframe needs its own reveal, and then the first is blurred again.
    await call('review.revealKeyframe', { id, keyframe: 5, reason: 'categorise' });
    expect((await serveMedia(core.workstation, `/clear/${id}/2`)).status).toBe(403);
    expect((await serveMedia(core.workstation, `/clear/${id}/5`)).status).toBe(200);
    expect(await call('review.unmute', { id })).toEqual({});

    const vault = core.workstation.vault();
    const entries = vault.ledger.entriesFor(id).map((e) => ({ action: e.action, details: e.details }));
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'item.reveal', details: expect.objectContaining({ keyframe: 2, reason: 'categorise' }) },
        { action: 'item.reveal', details: expect.objectContaining({ keyframe: 5 }) },
        { action: 'item.view', details: { variant: 'playback', muted: true } },
        { action: 'item.unmute', details: {} },
      ]),
    );
    const reveal = vault.ledger.entriesFor(id, 'item.reveal')[0];
    expect(Number(reveal?.details.seconds)).toBeCloseTo(keyframes[2]?.seconds ?? -1, 5);
  }, 60_000);
});
