// The decision verbs check the role policy themselves: each role shared/policy.ts refuses gets a
// ForbiddenError with the policy's sentence before anything is read or recorded; each role it allows gets
// past the check (to "no such decision", or the change itself).
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { defaultGatePolicy, type DecisionOutcome } from '../../shared/decisions';
import {
  configureGate,
  configureSampling,
  recordAppeal,
  recordDecision,
  resolveDispute,
  reviewAppeal,
  reviewDecision,
} from '../../main/core/decisions';
import { checkRoleMatrix, type RoleVerb } from '../support/roles';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const outcome: DecisionOutcome = { category: 'A1', report: 'report', action: 'none', annotations: [] };
const input = { outcome, rationale: 'role check' };
const missing = randomUUID();

const verbs: RoleVerb[] = [
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
    const { root, vault } = await createTestVault(tempDir);
    await checkRoleMatrix(root, vault, verbs);
  }, 60_000);
});
