// The role-policy matrix the verb tests share: one user per role in a test vault, every verb run by every
// role, and shared/policy.ts's answer enforced: a refused role gets a ForbiddenError with the policy's
// sentence and records nothing; an allowed role gets past the check.
import { join } from 'node:path';
import { expect } from 'vitest';
import { roles, type Role } from '../../shared/domain';
import { mayDo, refusal, type Action } from '../../shared/policy';
import { ForbiddenError } from '../../main/core/errors';
import { addUser, Vault } from '../../main/core/identity';
import { passphrases } from './temp';

/** A verb as one role runs it: it resolves (or throws anything but ForbiddenError) once past the check. */
export type RoleVerb = readonly [Action, (vault: Vault) => unknown];

export interface RoleMatrixOptions {
  /** Allowed roles must complete without any error (the verbs handle "not found" themselves). */
  complete?: boolean;
}

/**
 * Adds a user for each role but admin to the vault at `root` (created by createTestVault, `admin` unlocked
 * as its admin, locked here), then unlocks it as each role in turn and runs every verb.
 */
export async function checkRoleMatrix(
  root: string,
  admin: Vault,
  verbs: readonly RoleVerb[],
  options: RoleMatrixOptions = {},
): Promise<void> {
  for (const role of roles.filter((r) => r !== 'admin')) await addUser(admin, role, passphrases.ben, role);
  admin.lock();
  for (const role of roles) {
    const vault = await Vault.unlock(
      join(root, 'vault'),
      role === 'admin'
        ? { user: 'ana', passphrase: passphrases.ana }
        : { user: role, passphrase: passphrases.ben },
      { stateDir: join(root, 'state') },
    );
    try {
      for (const [action, verb] of verbs) await checkVerb(vault, role, action, verb, options);
    } finally {
      vault.lock();
    }
  }
}

async function checkVerb(
  vault: Vault,
  role: Role,
  action: Action,
  verb: RoleVerb[1],
  options: RoleMatrixOptions,
): Promise<void> {
  const size = vault.ledger.size;
  const outcome = await Promise.resolve()
    .then(() => verb(vault))
    .then(
      () => 'done',
      (error: unknown) => error,
    );
  if (!mayDo(role, action)) {
    expect(outcome, `${role} ${action}`).toBeInstanceOf(ForbiddenError);
    expect((outcome as Error).message).toBe(refusal(role, action));
    expect(vault.ledger.size, `${role} ${action} recorded nothing`).toBe(size);
  } else if (options.complete) {
    expect({ role, action, outcome }).toEqual({ role, action, outcome: 'done' });
  } else {
    expect({ role, action, refused: outcome instanceof ForbiddenError }).toEqual({
      role,
      action,
      refused: false,
    });
  }
}
