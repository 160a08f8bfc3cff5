// The sidebar's screens grouped by role: every screen of the registry falls in one known group, each role
// sees exactly the screens the contract lets it call, and a group none of its screens falls in is left out.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain';
import { groupedFor, screenGroups } from '../../renderer/src/screens/groups';
import { screens } from '../../renderer/src/screens/registry';
import { mayCall } from '../../renderer/src/workspace/access';

const roles: Role[] = ['analyst', 'supervisor', 'counsel', 'admin'];
const titles = (role: Role | undefined) =>
  Object.fromEntries(groupedFor(screens, role).map((g) => [g.title, g.screens.map((s) => s.id)]));

describe('the sidebar groups', () => {
  it('lists every screen once, under a known group', () => {
    const known = new Set<string>(screenGroups.map((g) => g.id));
    expect(new Set(screens.map((s) => s.id)).size).toBe(screens.length);
    for (const screen of screens) expect(known.has(screen.group), screen.id).toBe(true);
  });

  it('shows each role exactly the screens it may call, each once, in the groups order', () => {
    for (const role of roles) {
      const grouped = groupedFor(screens, role);
      const shown = grouped.flatMap((g) => g.screens.map((s) => s.id));
      expect(shown.sort()).toEqual(
        screens
          .filter((s) => mayCall(s.channel, role))
          .map((s) => s.id)
          .sort(),
      );
      const order = screenGroups.map((g) => g.id);
      const ids = grouped.map((g) => g.id);
      expect(ids).toEqual(order.filter((id) => ids.includes(id)));
      for (const group of grouped) expect(group.screens.length).toBeGreaterThan(0);
    }
  });

  it('gives counsel its holds, retention and packages under Counsel, and no one else those', () => {
    expect(titles('counsel')).toMatchObject({
      Counsel: ['holds', 'retention', 'preservation'],
      Administration: ['banks', 'vault', 'sync'],
    });
    expect(titles('analyst').Counsel).toBeUndefined();
    expect(titles('admin').Administration).toEqual(
      expect.arrayContaining(['fairness-gate', 'people', 'vault']),
    );
    expect(groupedFor(screens, undefined)).toEqual([]);
  });
});
