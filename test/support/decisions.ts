// A case for the decision tests: the core's benign example case whose screenshot (upload-2.png) is matched
// only by PDQ, through a one-line PDQ bank holding its hash with `bits` bits flipped (so the distance is
// exactly `bits`). Generated shapes only.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashImage } from '../../main/core/matching/pdq';
import { writeExampleCase } from '../../main/core/review/case-example';

/** The hash with its first bits/4 hex digits inverted: `bits` must be a multiple of 4. */
export function flipBits(hex: string, bits: number): string {
  if (bits % 4 !== 0) throw new Error('flipBits flips whole hex digits: give a multiple of 4.');
  const digits = bits / 4;
  const flipped = [...hex.slice(0, digits)].map((d) => (Number.parseInt(d, 16) ^ 0xf).toString(16)).join('');
  return flipped + hex.slice(digits);
}

export const pdqOnlyFile = 'upload-2.png';

/** Writes the example case and the PDQ bank file into `dir`; answers their paths. */
export async function writePdqOnlyCase(
  dir: string,
  bits: number,
  now = new Date(),
): Promise<{ caseFile: string; bankFile: string }> {
  const caseFile = await writeExampleCase(join(dir, 'case'), now);
  const { hash } = await hashImage(await readFile(join(dir, 'case', 'media', pdqOnlyFile)));
  const bankFile = join(dir, 'near-copies.pdq');
  await writeFile(bankFile, `${flipBits(hash, bits)} near-copy-of-screenshot\n`);
  return { caseFile, bankFile };
}
