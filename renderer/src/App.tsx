// Chooses the screen from the session the core reports.
import { useEffect } from 'react';
import { ErrorBanner } from './components/ErrorBanner';
import { Welcome } from './screens/Welcome';
import { Workspace } from './screens/Workspace';
import { useApp } from './store';

export function App() {
  const loaded = useApp((s) => s.loaded);
  const loadError = useApp((s) => s.loadError);
  const session = useApp((s) => s.session);
  const load = useApp((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (!loaded) return <p className="loading">Starting…</p>;
  if (loadError) return <ErrorBanner error={loadError} />;
  return session ? <Workspace /> : <Welcome />;
}
