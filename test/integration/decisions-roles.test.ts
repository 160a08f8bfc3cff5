// The decision verbs check the role policy themselves: each role shared/policy.ts refuses gets a
// ForbiddenError with the policy's sentence before anything is read or recorded; each role it allows gets
// past the check (to "no such decision", or the change itself).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultGatePolicy, type DecisionOutcome } from '../../shared/decisions';
import { roles, type Role } from '../../shared/domain';
import { mayDo, refusal, type Action } from '../../shared/policy';
import {
  configureGate,
  configureSampling,
  recordAppeal,
  recordDecision,
  resolveDispute,
  reviewAppeal,
  reviewDecision,
} from '../../main/core/decisions';
import { ForbiddenError } from '../../main/core/errors';
import { addUser, Vault } from '../../main/core/identity';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const outcome: DecisionOutcome = { category: 'A1', report: 'report', action: 'none', annotations: [] };
const input = { outcome, rationale: 'role check' };
const missing = randomUUID();

const verbs: Array<[Action, (vault: Vault) => unknown]> = [
  ['decision.record', (vault) => recordDecision(vault, 'item', missing, input)],
  ['decision.second', (vault) => reviewDecision(vault, missing, input)],
  ['decision.resolve', (vault) => resolveDispute(vault, missing, input)],
  ['appeal.record', (vault) => recordAppeal(vault, missing, 'The account holder disagrees.')],
  ['appeal.review', (vault) => reviewAppeal(vault, missing, 'upheld', 'role check')],
  ['gate.configure', (vault) => configureGate(vault, defaultGatePolicy, 'role check')],
  ['sampling.configure', (vault) => configureSampling(vault, { percent: 5, seed: 'role-check' })],
];

describe('decision verbs and the role policy', () => {
  it('refuse each role the policy refuses, before anything is recorded, and let the others past', async () => {
    const { root, vault: admin } = await createTestVault(tempDir);
    for (const role of roles.filter((r) => r !== 'admin'))
      await addUser(admin, role, `${role} passphrase, generated`, role);
    admin.lock();
    for (const role of roles) {
      const vault = await Vault.unlock(
        join(root, 'vault'),
        {
          user: role === 'admin' ? 'ana' : role,
          passphrase: role === 'admin' ? passphrases.ana : `${role} passphrase, generated`,
        },
        { stateDir: join(root, 'state') },
      );
      try {
        for (const [action, verb] of verbs) {
          const size = vault.ledger.size;
          let outcome: unknown;
          try {
            outcome = verb(vault);
          } catch (error) {
            outcome = error;
          }
          if (mayDo(role as Role, action)) {
            expect({ role, action, refused: outcome instanceof ForbiddenError }).toEqual({
              role,
              action,
              refused: false,
            });
          } else {
            expect(outcome, `${role} ${action}`).toBeInstanceOf(ForbiddenError);
            expect((outcome as Error).message).toBe(refusal(role as Role, action));
            expect(vault.ledger.size).toBe(size);
          }
        }
      } finally {
        vault.lock();
      }
    }
  }, 60_000);
});
