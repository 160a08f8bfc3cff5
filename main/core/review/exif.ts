// Turns the raw EXIF block kept as evidence into readable name/value pairs (for the item panel and the
// report's `details`). Reading never throws: a malformed block gives one pair saying so.
import exifReader from 'exif-reader';

export interface ExifPair {
  name: string;
  value: string;
}

const maxValueLength = 200;

function show(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString();
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  if (Array.isArray(value)) return value.map(show).join(', ');
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength)}…` : text;
}

export function exifPairs(rawBase64: string | undefined): ExifPair[] {
  if (!rawBase64) return [];
  let parsed: ReturnType<typeof exifReader>;
  try {
    parsed = exifReader(Buffer.from(rawBase64, 'base64'));
  } catch (error) {
    return [
      { name: 'EXIF', value: `unreadable (${error instanceof Error ? error.message : String(error)})` },
    ];
  }
  const pairs: ExifPair[] = [];
  for (const group of ['Image', 'Photo', 'GPSInfo', 'Iop'] as const) {
    for (const [tag, value] of Object.entries(parsed[group] ?? {})) {
      if (value === undefined || value === null) continue;
      pairs.push({ name: `${group}.${tag}`, value: show(value) });
    }
  }
  return pairs;
}
