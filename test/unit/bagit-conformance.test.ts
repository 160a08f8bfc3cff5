// The BagIt validator against the Library of Congress conformance suite (vendored in test/fixtures/bagit):
// every valid and warning bag passes, every invalid one (and the POSIX-only invalid ones) fails.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BagInvalidError, validateBag } from '../../main/core/preservation/bagit';
import { fixture } from '../support/fixtures';

const suite = fixture('bagit', 'conformance-suite');
const bags = (version: string, kind: string) =>
  readdirSync(join(suite, version, kind), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

const incomplete = new Map([
  ['duplicate-file-with-different-case', 'data/HELLO.txt: is listed in manifest-sha512.txt but missing'],
  ['special-system-files', 'data/.DS_Store: is listed in manifest-sha512.txt but missing'],
]);

describe('BagIt validator: LoC conformance suite', () => {
  for (const version of ['v1.0', 'v0.97']) {
    const valid = [
      ...bags(version, 'valid'),
      ...(version === 'v0.97' ? bags(version, 'warning').filter((name) => !incomplete.has(name)) : []),
    ];
    it.each(valid)(`${version} accepts %s`, async (name) => {
      const kind = bags(version, 'valid').includes(name) ? 'valid' : 'warning';
      await expect(validateBag(join(suite, version, kind, name))).resolves.toMatchObject({
        payloadFiles: expect.any(Number),
      });
    });
    const invalid = [
      ...bags(version, 'invalid'),
      ...(version === 'v0.97' ? bags(version, 'linux-only') : []),
    ];
    it.each(invalid)(`${version} rejects %s`, async (name) => {
      const kind = bags(version, 'invalid').includes(name) ? 'invalid' : 'linux-only';
      await expect(validateBag(join(suite, version, kind, name))).rejects.toBeInstanceOf(BagInvalidError);
    });
  }

  // Two warning bags list a file their copy lacks (HELLO.txt beside hello.txt needs a case-insensitive file
  // system; .DS_Store is not in the suite's tree): here they are incomplete, and must be refused as such.
  it.each([...incomplete.keys()])(
    'v0.97 refuses the incomplete warning bag %s, naming the missing file',
    async (name) => {
      await expect(validateBag(join(suite, 'v0.97', 'warning', name))).rejects.toThrow(
        incomplete.get(name) as string,
      );
    },
  );

  it('has bags to run', () => {
    expect(bags('v1.0', 'valid').length).toBeGreaterThan(0);
    expect(bags('v0.97', 'invalid').length).toBeGreaterThan(5);
  });
});
