// The sidebar's list of the other screens (screens/registry.ts) the signed-in role may open.
import { mayCall } from '../workspace/access';
import { SidebarSection } from '../workspace/SidebarSection';
import { useWorkspace } from '../workspace/store';
import { useApp } from '../store';
import { screens } from './registry';

export function ScreenNav() {
  const role = useApp((s) => s.session?.role);
  const openScreen = useWorkspace((s) => s.openScreen);
  const showScreen = useWorkspace((s) => s.showScreen);
  const visible = screens.filter((screen) => mayCall(screen.channel, role));
  if (visible.length === 0) return null;
  return (
    <SidebarSection title="Screens">
      <ul className="queue-list">
        {visible.map((screen) => (
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
