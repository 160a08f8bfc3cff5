// The sidebar's list of the other screens (screens/registry.ts) the signed-in role may open, under the
// heading of their group (screens/groups.ts). Plain buttons in document order: Tab walks them.
import { SidebarSection } from '../workspace/SidebarSection';
import { useWorkspace } from '../workspace/store';
import { useApp } from '../store';
import { groupedFor } from './groups';
import { screens } from './registry';

export function ScreenNav() {
  const role = useApp((s) => s.session?.role);
  const openScreen = useWorkspace((s) => s.openScreen);
  const showScreen = useWorkspace((s) => s.showScreen);
  const groups = groupedFor(screens, role);
  if (groups.length === 0) return null;
  return (
    <SidebarSection title="Screens">
      {groups.map((group) => (
        <div key={group.id} className="screen-group">
          <h3 id={`screen-group-${group.id}`}>{group.title}</h3>
          <ul className="queue-list" aria-labelledby={`screen-group-${group.id}`}>
            {group.screens.map((screen) => (
              <li key={screen.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={openScreen === screen.id ? 'page' : undefined}
                  onClick={() => showScreen(screen.id)}
                >
                  <span className="queue-name">{screen.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </SidebarSection>
  );
}

/** The open screen, in place of the grid. */
export function OpenScreen({ id }: { id: string }) {
  const screen = screens.find((s) => s.id === id);
  if (!screen) return null;
  const Screen = screen.component;
  return (
    <section className="screen" aria-label={screen.title}>
      <Screen />
    </section>
  );
}
