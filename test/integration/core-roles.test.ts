// The core verbs that no CLI command reaches check the role policy themselves, without the router: each
// role shared/policy.ts refuses gets a ForbiddenError with the policy's sentence before anything is done
// or recorded, and each role it allows gets past the check. (cli-roles.test.ts covers the commands.)
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, it } from 'vitest';
import { buildReportPackage } from '../../main/core/cybertip/package';
import { configureNcmec } from '../../main/core/cybertip/ncmec-settings';
import { NotFoundError } from '../../main/core/errors';
import { ingestPaths } from '../../main/core/media';
import { categorizeItems, ReviewSession } from '../../main/core/review';
import { patternImage } from '../support/media';
import { checkRoleMatrix, type RoleVerb } from '../support/roles';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

/** Each verb, run by a vault unlocked as some role; it resolves when the role got past the check. */
const verbs = (item: string, root: string): RoleVerb[] => [
  ['item.reveal', (vault) => new ReviewSession(vault).reveal(item, 'categorise')],
  ['item.categorize', (vault) => categorizeItems(vault, [item], 'A1', [])],
  [
    'ncmec.configure',
    (vault) =>
      configureNcmec(vault, {
        environment: 'local',
        username: 'esp-test',
        password: 'stand-in password',
        endpoint: 'http://127.0.0.1:9/ispws',
      }),
  ],
  // No such case: a role past the check learns that, a refused role never gets that far.
  [
    'report.export',
    (vault) =>
      buildReportPackage(vault, 'no-such-case', join(root, 'package'), {
        certificatePem: '',
        sign: () => new Uint8Array(),
      }).catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      }),
  ],
];

describe('core verbs without a CLI command', () => {
  it('refuse every role the policy refuses and let the others past, recording nothing when they refuse', async () => {
    const { root, vault: admin } = await createTestVault(tempDir);
    const image = join(root, 'one.png');
    await writeFile(image, await patternImage(1));
    const ingested = (await ingestPaths(admin, [image])).outcomes[0] as { itemId: string };
    await checkRoleMatrix(root, admin, verbs(ingested.itemId, root), { complete: true });
  });
});
