// Large lists stream: a 300,000-line md5sum file and a VICS JSON file of 200,000 Media records are read
// from disk with the heap they leave behind (measured after a forced collection) far below the file size.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile } from '../../main/core/matching/banks/import';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const dir = mkdtempSync(join(tmpdir(), 'custody-banks-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const md5 = (i: number): string => createHash('md5').update(`generated large-list entry ${i}`).digest('hex');

/** Writes `count` records, `batch` at a time, as `render` makes them; returns the file's size. */
async function writeFile(
  path: string,
  head: string,
  count: number,
  render: (i: number) => string,
  tail: string,
) {
  const out = createWriteStream(path);
  out.write(head);
  for (let from = 0; from < count; from += 5000) {
    let text = '';
    for (let i = from; i < Math.min(count, from + 5000); i++) text += render(i);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end(tail);
  await once(out, 'finish');
  return statSync(path).size;
}

/** Reads the file, forcing a collection every `every` entries; the largest retained heap growth seen. */
async function readMeasured(path: string, every: number) {
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  let growth = 0;
  let entries = 0;
  let problems = 0;
  let last = '';
  const started = performance.now();
  for await (const item of readBankFile(path)) {
    if (!('entry' in item)) {
      problems++;
      continue;
    }
    entries++;
    last = item.entry.value;
    if (entries % every === 0) {
      collectGarbage();
      growth = Math.max(growth, process.memoryUsage().heapUsed - baseline);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { entries, problems, last, growth, perSecond: Math.round(entries / seconds) };
}

describe('large lists', () => {
  it('streams a 300,000-line md5sum file in bounded memory', async () => {
    const count = 300_000;
    const path = join(dir, 'large.md5');
    const size = await writeFile(
      path,
      '# generated\n',
      count,
      (i) => `${md5(i)}  evidence/folder-${i % 97}/file-${i}.jpg\n`,
      '',
    );
    const result = await readMeasured(path, 25_000);
    console.info(
      `md5sum: ${count} entries, ${(size / 1e6).toFixed(1)} MB, ${result.perSecond} entries/s, retained growth ${(result.growth / 1e6).toFixed(2)} MB`,
    );
    expect(result.entries).toBe(count);
    expect(result.problems).toBe(0);
    expect(result.last).toBe(md5(count - 1));
    expect(result.growth).toBeLessThan(Math.min(size / 10, 8e6));
  });

  it('streams a VICS JSON file of 200,000 Media records in bounded memory', async () => {
    const count = 200_000;
    const path = join(dir, 'large.json');
    const head =
      '{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases",\n"value":[{"CaseID":"generated","Media":[\n';
    const record = (i: number): string =>
      `${i === 0 ? '' : ',\n'}{"MediaID":${i},"Category":${i % 4},"MD5":"${md5(i).toUpperCase()}","MediaSize":${1000 + i},` +
      `"VictimIdentified":"${i % 2 === 0}","IsDistributed":${i % 3 === 0},"Series":"series ${i % 50}",` +
      `"MediaFiles":[{"FileName":"f${i}.jpg","FilePath":"\\\\case\\\\f${i}.jpg"}],"Exifs":[]}`;
    const size = await writeFile(path, head, count, record, '\n]}]}\n');
    const result = await readMeasured(path, 20_000);
    console.info(
      `VICS: ${count} entries, ${(size / 1e6).toFixed(1)} MB, ${result.perSecond} entries/s, retained growth ${(result.growth / 1e6).toFixed(2)} MB`,
    );
    expect(result.entries).toBe(count);
    expect(result.problems).toBe(0);
    expect(result.last).toBe(md5(count - 1));
    expect(result.growth).toBeLessThan(Math.min(size / 10, 8e6));
  });
});
