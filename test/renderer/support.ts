// A stand-in for the core behind window.custody, for renderer tests that run in Node: each channel answers
// what a test scripts (a value, a refusal, or a promise the test settles later), and every call is
// recorded. Also small builders for items and the session.
import { vi } from 'vitest';
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../../shared/contract';
import type { Role } from '../../shared/domain';
import type { ErrorCode, IpcResult } from '../../shared/errors';
import type { ItemSummary } from '../../shared/review';
import { useApp } from '../../renderer/src/store';

type Answer<C extends Channel> = (
  request: RequestOf<C>,
) => IpcResult<ResponseOf<C>> | Promise<IpcResult<ResponseOf<C>>>;

export interface FakeCore {
  calls: Array<{ channel: Channel; request: unknown }>;
  answer<C extends Channel>(channel: C, answer: Answer<C>): void;
  callsTo(channel: Channel): unknown[];
  /** Delivers a core event to every renderer subscription to it; answers how many heard it. */
  push<E extends EventName>(event: E, payload: EventPayload<E>): number;
}

/** Installs a fake window.custody; channels without a scripted answer fail the test loudly. */
export function fakeCore(): FakeCore {
  const answers = new Map<Channel, Answer<Channel>>();
  const calls: FakeCore['calls'] = [];
  const subscriptions = new Set<{ event: string; listener: (payload: unknown) => void }>();
  const api = new Proxy(
    {},
    {
      get: (_target, channel: string) =>
        // Events: the renderer subscribes with on(); the test pushes with push().
        channel === 'on'
          ? (event: string, listener: (payload: unknown) => void) => {
              const entry = { event, listener };
              subscriptions.add(entry);
              return () => subscriptions.delete(entry);
            }
          : async (request: unknown) => {
              calls.push({ channel: channel as Channel, request });
              const answer = answers.get(channel as Channel);
              if (!answer) throw new Error(`The test did not script an answer for ${channel}.`);
              return answer(request as never);
            },
    },
  );
  vi.stubGlobal('window', { custody: api });
  return {
    calls,
    answer(channel, answer) {
      answers.set(channel, answer as Answer<Channel>);
    },
    callsTo(channel) {
      return calls.filter((c) => c.channel === channel).map((c) => c.request);
    },
    push(event, payload) {
      const hearing = [...subscriptions].filter((s) => s.event === event);
      for (const { listener } of hearing) listener(payload);
      return hearing.length;
    },
  };
}

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function refused(code: ErrorCode, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/** A promise the test settles when it wants, to order answers. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function item(id: string, change: Partial<ItemSummary> = {}): ItemSummary {
  return {
    id,
    fileName: `${id}.png`,
    mime: 'image/png',
    size: 1000,
    sha256: '0'.repeat(64),
    viewable: true,
    match: null,
    category: null,
    annotations: [],
    ...change,
  };
}

export function signIn(role: Role): void {
  useApp.setState({ session: { vault: 'test', user: 'tester', role, unlockedAt: '2026-01-01T00:00:00Z' } });
}

/** Lets every settled promise run its callbacks. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
