// Plain PDQ lists: bare hashes, "hash,quality,label" as the reference hasher prints, "hash label", comments;
// bad hashes and qualities reported on their own line while the good lines are kept.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBank } from '../../main/core/matching/banks/import';
import { collect } from '../support/banks';

/** A made-up PDQ value: 64 hex digits derived from `i`. */
const pdq = (i: number): string => createHash('sha256').update(`generated pdq ${i}`).digest('hex');

describe('plain PDQ lists', () => {
  it('reads bare hashes, quality and label columns, whitespace labels and comments', async () => {
    const text = [
      '# PDQ hashes, generated for tests',
      pdq(1),
      `${pdq(2).toUpperCase()},100`,
      `${pdq(3)},49,photo, with comma.jpg`,
      `${pdq(4)}\tsome label`,
      `  ${pdq(5)}   spaced label  `,
      `${pdq(6)},,label without quality`,
      '',
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'pdq'));
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { algorithm: 'pdq', value: pdq(1), line: 2 },
      { algorithm: 'pdq', value: pdq(2), quality: 100, line: 3 },
      { algorithm: 'pdq', value: pdq(3), quality: 49, label: 'photo, with comma.jpg', line: 4 },
      { algorithm: 'pdq', value: pdq(4), label: 'some label', line: 5 },
      { algorithm: 'pdq', value: pdq(5), label: 'spaced label', line: 6 },
      { algorithm: 'pdq', value: pdq(6), label: 'label without quality', line: 7 },
    ]);
  });

  it('reports short, long and non-hex hashes and bad qualities by line', async () => {
    const text = [
      `${pdq(1)},90`,
      `${pdq(2).slice(2)},90`,
      `${pdq(3)}ab`,
      `${pdq(4).slice(0, 63)}x`,
      `${pdq(5)},101`,
      `${pdq(6)},-1`,
      `${pdq(7)},high`,
      `${pdq(8)},0`,
    ].join('\r\n');
    const { entries, problems } = await collect(readBank(text, 'pdq'));
    expect(entries.map((e) => [e.line, e.quality])).toEqual([
      [1, 90],
      [8, 0],
    ]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(problems[0]?.message).toMatch(/PDQ .* 62 hexadecimal digits instead of 64/);
    expect(problems[3]?.message).toMatch(/101 is above 100/);
    expect(problems[5]?.message).toMatch(/"high" is not a whole number/);
  });
});
