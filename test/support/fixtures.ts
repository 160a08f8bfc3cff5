// Where the vendored reference data is (test/fixtures/, see its README), and the one way a test reaches it:
// a missing file fails the suite with a message naming the path. A suite never skips for lack of its data.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The path of `test/fixtures/<parts>`, which must exist. */
export function fixture(...parts: string[]): string {
  const path = join(fixturesRoot, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `The test fixture ${path} is missing. test/fixtures/ is part of the repository ` +
        '(test/fixtures/README.md says where each set comes from): restore it with `git checkout -- test/fixtures`.',
    );
  }
  return path;
}
