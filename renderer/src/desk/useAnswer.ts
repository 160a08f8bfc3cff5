// One channel's answer for a screen: loaded when the screen opens and again on reload(), with the core's
// refusal as a message. Screens act through call() and reload what they show; nothing here caches.
import { useCallback, useEffect, useState } from 'react';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/contract';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';

export interface Answer<C extends Channel> {
  value: ResponseOf<C> | null;
  error: string | null;
  reload(): void;
}

export function useAnswer<C extends Channel>(channel: C, request: RequestOf<C>): Answer<C> {
  const [value, setValue] = useState<ResponseOf<C> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const key = JSON.stringify(request);
  useEffect(() => {
    let current = true;
    call(channel, JSON.parse(key) as RequestOf<C>)
      .then((answer) => {
        if (!current) return;
        setValue(answer);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (current) setError(errorMessage(failure));
      });
    return () => {
      current = false;
    };
  }, [channel, key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { value, error, reload };
}

/** Runs an action, answering the core's refusal as a message (null when it worked). */
export async function attempt(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (failure) {
    return errorMessage(failure);
  }
}
