// Whether the signed-in role may call a channel, derived from the contract's access rule for it (which
// shared/policy.ts states and the core enforces). The renderer only uses this to explain and to disable;
// it never states a role list of its own, and the core's refusal stays the real check.
import { contract, type Channel } from '../../../shared/contract';
import type { Role } from '../../../shared/domain';
import { useApp } from '../store';

/** A role (or no session) may call a channel. */
export function mayCall(channel: Channel, role: Role | undefined = useApp.getState().session?.role): boolean {
  const access = contract[channel].access;
  if (access === 'anyone') return true;
  if (access === 'signed-in') return role !== undefined;
  return role !== undefined && access.includes(role);
}

/** The same, re-rendering when the session changes. */
export function useMayCall(channel: Channel): boolean {
  const role = useApp((s) => s.session?.role);
  return mayCall(channel, role);
}

/** Who may call a channel, in words: "supervisor, counsel or admin". */
export function rolesFor(channel: Channel): string {
  const access = contract[channel].access;
  if (typeof access === 'string') return 'any signed-in user';
  return access.length > 1 ? `${access.slice(0, -1).join(', ')} or ${access.at(-1)}` : (access[0] ?? '');
}

/** The roles with their article: "an admin", "a supervisor or admin". */
export function someoneWho(channel: Channel): string {
  const roles = rolesFor(channel);
  if (typeof contract[channel].access === 'string') return roles;
  return /^[aeiou]/.test(roles) ? `an ${roles}` : `a ${roles}`;
}

/** Why a role cannot do something: "Your role (analyst) cannot export report packages: ask a supervisor…". */
export function refusal(channel: Channel, role: Role | undefined, cannot: string): string {
  return `Your role (${role ?? 'unknown'}) cannot ${cannot}: ask ${someoneWho(channel)}.`;
}
