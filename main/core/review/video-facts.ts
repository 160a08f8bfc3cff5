// A video item's probed facts (stored in its metadata at ingest) as readable name/value pairs for the
// report's file details: NCMEC's `details` element carries them as an untyped name/value list (its
// `type` attribute names only EXIF and HASH). Reading never throws; anything not a video gives none.

export interface VideoFactPair {
  name: string;
  value: string;
}

const named: ReadonlyArray<[key: string, name: string]> = [
  ['container', 'Container'],
  ['durationSeconds', 'Duration (seconds)'],
  ['videoCodec', 'Video codec'],
  ['audioCodec', 'Audio codec'],
  ['width', 'Width (pixels)'],
  ['height', 'Height (pixels)'],
  ['frameRate', 'Frame rate (frames per second)'],
  ['frameCount', 'Frame count'],
];

const maxValueLength = 200;

export function videoFactPairs(metadata: Record<string, unknown>): VideoFactPair[] {
  if (typeof metadata.videoCodec !== 'string') return [];
  const pairs: VideoFactPair[] = [];
  const add = (name: string, value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number')
      pairs.push({ name, value: String(value).slice(0, maxValueLength) });
  };
  for (const [key, name] of named) add(name, metadata[key]);
  for (const [key, value] of Object.entries(metadata))
    if (key.startsWith('tag.')) add(`Container tag ${key.slice(4)}`, value);
  return pairs;
}
