// Helpers for the hash-bank importer tests: gather a reader's output, and split text into byte chunks the
// way a file stream would (characters and line ends cut anywhere).
import type { BankEntry, BankVideo, ImportItem, ImportProblem } from '../../main/core/matching/banks/import';

export async function collect(
  items: AsyncIterable<ImportItem>,
): Promise<{ entries: BankEntry[]; problems: ImportProblem[]; videos: BankVideo[] }> {
  const entries: BankEntry[] = [];
  const problems: ImportProblem[] = [];
  const videos: BankVideo[] = [];
  for await (const item of items) {
    if ('entry' in item) entries.push(item.entry);
    else if ('video' in item) videos.push(item.video);
    else problems.push(item.problem);
  }
  return { entries, problems, videos };
}

/** The text as UTF-8 byte chunks of `size` bytes. */
export function chunks(text: string, size: number): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}
