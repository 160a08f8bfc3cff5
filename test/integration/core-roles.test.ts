// The core verbs that no CLI command reaches check the role policy themselves, without the router: each
// role shared/policy.ts refuses gets a ForbiddenError with the policy's sentence before anything is done
// or recorded, and each role it allows gets past the check. (cli-roles.test.ts covers the commands.)
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { roles, type Role } from '../../shared/domain';
import { mayDo, refusal, type Action } from '../../shared/policy';
import { buildReportPackage } from '../../main/core/cybertip/package';
import { configureNcmec } from '../../main/core/cybertip/ncmec-settings';
import { ForbiddenError, NotFoundError } from '../../main/core/errors';
import { addUser, Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { categorizeItems, ReviewSession } from '../../main/core/review';
import { patternImage } from '../support/media';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

/** Each verb, run by a vault unlocked as some role; it resolves when the role got past the check. */
const verbs: Array<[Action, (vault: Vault, item: string, root: string) => unknown]> = [
  ['item.reveal', (vault, item) => new ReviewSession(vault).reveal(item, 'categorise')],
  ['item.categorize', (vault, item) => categorizeItems(vault, [item], 'A1', [])],
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
    (vault, _, root) =>
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
    const dir = join(root, 'vault');
    const image = join(root, 'one.png');
    await writeFile(image, await patternImage(1));
    const ingested = (await ingestPaths(admin, [image])).outcomes[0] as { itemId: string };
    for (const role of roles.filter((r) => r !== 'admin')) await addUser(admin, role, passphrases.ben, role);
    admin.lock();
    const unlock = (role: Role) =>
      role === 'admin'
        ? Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir: join(root, 'state') })
        : Vault.unlock(dir, { user: role, passphrase: passphrases.ben }, { stateDir: join(root, 'state') });
    for (const role of roles) {
      const vault = await unlock(role);
      try {
        for (const [action, verb] of verbs) {
          const before = vault.ledger.size;
          const outcome = await Promise.resolve()
            .then(() => verb(vault, ingested.itemId, root))
            .then(
              () => 'done',
              (error: unknown) => error,
            );
          if (mayDo(role, action))
            expect({ role, action, outcome }).toEqual({ role, action, outcome: 'done' });
          else {
            expect(outcome).toBeInstanceOf(ForbiddenError);
            expect((outcome as ForbiddenError).message).toBe(refusal(role, action));
            expect(vault.ledger.size).toBe(before);
          }
        }
      } finally {
        vault.lock();
      }
    }
  });
});
