// vPDQ lists: the videos of a bank, each a header line `video,<category>,<label>` (the category may be
// empty; the label is the rest of the line and names the video once in the list) followed by its frames in
// the reference's line format `frameNumber,quality,pdqHex[,timestampSeconds]` (the README's NAME.txt
// files, one after another). Frames before any header are one video named after its first line, so a
// reference hash file imports as it is. "#" starts a comment line. A line it cannot read is reported with
// its number and left out, never skipped in silence; a video left with no frames is reported on its header.
import type { BankInput, BankVideo, BankVideoFrame, ImportItem } from '../entry';
import { parseHash, preview, sentence } from '../entry';
import { lineBatches, MAX_LINE_CHARS } from './text';

/** Frames one video may hold: nine hours of every frame at 30 per second. */
export const MAX_VIDEO_FRAMES = 1_000_000;
/** Characters a video's label may have. */
export const MAX_VIDEO_LABEL = 1024;

const HEADER = /^video,/i;
const FRAME = /^\d/;

/** Whether a line of a list looks like a vPDQ list's header or frame line (for format detection). */
export function isVpdqLine(line: string): boolean {
  const text = line.trim();
  return HEADER.test(text) || /^\d{1,9},\d{1,3},[0-9a-fA-F]{64}(,[\d.]*)?$/.test(text);
}

type Frame = { frame: BankVideoFrame } | { reason: string };

function parseFrame(text: string): Frame {
  const fields = text.split(',');
  if (fields.length < 3 || fields.length > 4)
    return {
      reason: `a frame line is "frameNumber,quality,pdqHex[,timestampSeconds]", not "${preview(text)}"`,
    };
  const [frameText, qualityText, hashText, timeText] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string | undefined,
  ];
  if (!/^\d{1,9}$/.test(frameText))
    return { reason: `the frame number "${preview(frameText)}" is not a whole number` };
  if (!/^\d{1,3}$/.test(qualityText) || Number(qualityText) > 100)
    return { reason: `the quality "${preview(qualityText)}" is not a whole number from 0 to 100` };
  const hash = parseHash('pdq', hashText);
  if ('reason' in hash) return hash;
  const frame: BankVideoFrame = {
    frameNumber: Number(frameText),
    quality: Number(qualityText),
    hash: hash.value,
  };
  if (timeText !== undefined) {
    if (!/^\d{1,9}(\.\d{1,9})?$/.test(timeText))
      return { reason: `the timestamp "${preview(timeText)}" is not a number of seconds` };
    frame.timestampSeconds = Number(timeText);
  }
  return { frame };
}

export async function* readVpdqList(input: BankInput): AsyncGenerator<ImportItem> {
  const labels = new Set<string>();
  let video: BankVideo | null = null;
  /** The current header was refused: its frames are left out with it. */
  let skipping = false;
  let full = false;
  const finish = function* (): Generator<ImportItem> {
    if (!video) return;
    if (video.frames.length > 0) yield { video };
    else
      yield {
        problem: { line: video.line, message: `The video "${preview(video.label)}" has no frame lines.` },
      };
    video = null;
  };
  for await (const batch of lineBatches(input)) {
    for (const { text, line, tooLong } of batch) {
      if (tooLong) {
        yield { problem: { line, message: `The line is longer than ${MAX_LINE_CHARS} characters.` } };
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      if (HEADER.test(trimmed)) {
        yield* finish();
        skipping = true;
        full = false;
        const rest = trimmed.slice('video,'.length);
        const comma = rest.indexOf(',');
        const category = comma < 0 ? '' : rest.slice(0, comma).trim();
        const label = comma < 0 ? '' : rest.slice(comma + 1).trim();
        if (label === '') {
          yield {
            problem: {
              line,
              message:
                'A video header is "video,<category>,<label>" (the category may be empty); this one has no label.',
            },
          };
        } else if (label.length > MAX_VIDEO_LABEL) {
          yield {
            problem: { line, message: `The video's label is longer than ${MAX_VIDEO_LABEL} characters.` },
          };
        } else if (labels.has(label)) {
          yield {
            problem: {
              line,
              message: `The video "${preview(label)}" is already in the list; its frames are left out.`,
            },
          };
        } else {
          labels.add(label);
          skipping = false;
          video = { label, ...(category === '' ? {} : { category }), line, frames: [] };
        }
        continue;
      }
      if (!FRAME.test(trimmed)) {
        yield {
          problem: {
            line,
            message: `The line is neither a video header ("video,<category>,<label>") nor a frame line: "${preview(trimmed)}".`,
          },
        };
        continue;
      }
      const parsed = parseFrame(trimmed);
      if ('reason' in parsed) {
        yield { problem: { line, message: sentence(parsed.reason) } };
        continue;
      }
      if (skipping) continue;
      if (!video) {
        const label = `video at line ${line}`;
        labels.add(label);
        video = { label, line, frames: [] };
      }
      const current: BankVideo = video;
      const last = current.frames.at(-1);
      if (last && parsed.frame.frameNumber <= last.frameNumber) {
        yield {
          problem: {
            line,
            message: `Frame ${parsed.frame.frameNumber} does not come after frame ${last.frameNumber}: frames of a video are listed in order.`,
          },
        };
        continue;
      }
      if (current.frames.length >= MAX_VIDEO_FRAMES) {
        if (!full)
          yield {
            problem: {
              line,
              message: `The video "${preview(current.label)}" has more than ${MAX_VIDEO_FRAMES} frames; the rest are left out.`,
            },
          };
        full = true;
        continue;
      }
      current.frames.push(parsed.frame);
    }
  }
  yield* finish();
}
