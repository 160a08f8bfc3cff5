// The preservation verbs check the role policy themselves (as the CLI calls them without the router): each
// role shared/policy.ts refuses gets a ForbiddenError with the policy's sentence before anything is read or
// recorded; each role it allows gets past the check (to "no such hold", or the change itself). A supervisor
// who reverses appeals cannot place, link or release a hold.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import {
  exportVics,
  extendRetention,
  installPolicy,
  linkDecision,
  placeHold,
  preserveCase,
  releaseHold,
  runExpiry,
} from '../../main/core/preservation';
import { checkRoleMatrix, type RoleVerb } from '../support/roles';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const missing = randomUUID();

const verbs = (root: string): RoleVerb[] => [
  [
    'hold.manage',
    (vault) => placeHold(vault, { matter: 'role check', scope: [{ kind: 'case', target: missing }] }),
  ],
  ['hold.manage', (vault) => releaseHold(vault, missing, 'role check')],
  ['hold.manage', (vault) => linkDecision(vault, missing, missing)],
  [
    'retention.manage',
    (vault) =>
      extendRetention(vault, {
        kind: 'case',
        target: missing,
        agency: 'Example police',
        reference: 'REF-1',
        requestedOn: '2026-12-01',
        until: '2027-12-01',
      }),
  ],
  ['retention.manage', (vault) => installPolicy(vault, '{}')],
  ['retention.run', (vault) => runExpiry(vault, '0'.repeat(64))],
  [
    'preservation.export',
    (vault) => preserveCase(vault, { caseId: missing, destination: join(root, 'pkg') }),
  ],
  ['preservation.export', (vault) => exportVics(vault, missing, join(root, 'vics.json'))],
];

describe('preservation verbs and the role policy', () => {
  it('refuse each role the policy refuses, before anything is recorded, and let the others past', async () => {
    const { root, vault } = await createTestVault(tempDir);
    await checkRoleMatrix(root, vault, verbs(root));
  }, 120_000);
});
