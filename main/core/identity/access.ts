// The role check every core verb makes before doing anything, against the one policy in shared/policy.ts.
// The verb calls it, not its caller, so the CLI, the IPC router and the harness cannot differ.
import { mayDo, refusal, type Action } from '../../../shared/policy';
import type { Role } from '../../../shared/domain';
import { ForbiddenError } from '../errors';

/** Throws ForbiddenError (exit 1 in the CLI, FORBIDDEN over IPC) unless the acting user's role may act. */
export function requireRole(actor: { readonly user: { readonly role: Role } }, action: Action): void {
  if (!mayDo(actor.user.role, action)) throw new ForbiddenError(refusal(actor.user.role, action));
}
