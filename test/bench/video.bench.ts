// vPDQ costs on the reference sample videos: frames hashed per second at one frame per second and at every
// frame, next to FFmpeg decoding the same frames alone (no hashing) in the same run.
// Run: npx tsx test/bench/video.bench.ts [--quick]   (prints figures; asserts nothing about time)
import { performance } from 'node:perf_hooks';
import { decodeFrames, findVideoTools, frameStep, hashVideo, probeVideo } from '../../main/core/video';
import { fixture } from '../support/fixtures';
import { fmt, quick, table } from './support';

const tools = findVideoTools();
const names = quick
  ? ['test-padded-dimensions']
  : ['chair-orig-22-sd-bar', 'doorknob-hd-no-bar', 'test-padded-dimensions'];

async function seconds<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { seconds: (performance.now() - start) / 1000, value };
}

const rows: Array<Record<string, string>> = [];
for (const name of names) {
  const path = fixture('vpdq', 'videos', `${name}.mp4`);
  const facts = await probeVideo(tools, path);
  for (const everySeconds of [1, 0]) {
    const step = frameStep(facts.frameRate, everySeconds);
    const decode = await seconds(() =>
      decodeFrames(tools, { path, width: facts.width, height: facts.height }, step, () => {}),
    );
    const hash = await seconds(() => hashVideo(tools, path, { everySeconds }));
    const frames = hash.value.frames.length;
    rows.push({
      video: `${name} (${facts.width}x${facts.height})`,
      sampling: everySeconds === 0 ? 'every frame' : '1 per second',
      frames: String(frames),
      'decode alone fps': fmt(decode.value.frames / decode.seconds),
      'vPDQ fps': fmt(frames / hash.seconds),
      'vPDQ / decode': fmt(decode.seconds / hash.seconds, 2),
      'video seconds per second': fmt((facts.durationSeconds ?? 0) / hash.seconds, 2),
    });
  }
}
table('vPDQ hashing against FFmpeg decoding alone (same frames, same run)', rows);
