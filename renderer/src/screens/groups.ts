// The sidebar's groups of screens, by who mostly works in them, in the order the sidebar shows them, and the
// grouping of the screens a role may open. Pure: the registry says which group a screen belongs to, the
// contract's access says who sees it; a group no screen of the role falls in is not shown.
import type { Channel } from '../../../shared/contract';
import type { Role } from '../../../shared/domain';
import { mayCall } from '../workspace/access';

export const screenGroups = [
  { id: 'review', title: 'Review' },
  { id: 'supervision', title: 'Supervision' },
  { id: 'counsel', title: 'Counsel' },
  { id: 'administration', title: 'Administration' },
] as const;

export type ScreenGroup = (typeof screenGroups)[number]['id'];

/** The screens a role may open, in sidebar groups (registry order within a group), empty groups left out. */
export function groupedFor<S extends { group: ScreenGroup; channel: Channel }>(
  screens: readonly S[],
  role: Role | undefined,
): { id: ScreenGroup; title: string; screens: S[] }[] {
  const visible = screens.filter((screen) => mayCall(screen.channel, role));
  return screenGroups
    .map((group) => ({ ...group, screens: visible.filter((screen) => screen.group === group.id) }))
    .filter((group) => group.screens.length > 0);
}
