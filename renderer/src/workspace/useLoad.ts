// Loads what a screen shows from the core, and reloads it after a change (preservation, sync and others).
import { useCallback, useEffect, useState } from 'react';

export function useLoad<T>(load: () => Promise<T>): { data: T | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && (setData(value), setError(null)),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure on every render; `version` is what asks for a reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  return { data, error, reload: useCallback(() => setVersion((v) => v + 1), []) };
}
