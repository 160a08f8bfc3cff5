// The renderer's only way to the core: the contract's channels on window.custody (the preload in
// Electron, the loopback bridge in the end-to-end harness), and its events. Failures become
// CustodyRequestError with the core's code, message and field issues; an answer that the vault is locked
// also ends the session.
import { apiGlobalName, type ChannelApi, type CustodyApi } from '../../shared/api';
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../../shared/contract';
import type { ErrorCode, FieldIssue } from '../../shared/errors';

export class CustodyRequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** For UNLOCK_THROTTLED: seconds until the core hears the next attempt. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'CustodyRequestError';
  }
}

function api(): CustodyApi {
  const exposed = (window as unknown as Record<string, CustodyApi | undefined>)[apiGlobalName];
  if (!exposed)
    throw new CustodyRequestError(
      'INTERNAL',
      'Custody is not connected to its core. Restart the workstation.',
    );
  return exposed;
}

let vaultLocked: () => void = () => undefined;

/** What the app does when any call answers that the vault is locked (store.ts: back to the unlock screen). */
export function whenVaultLocked(handler: () => void): void {
  vaultLocked = handler;
}

export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const channels: ChannelApi = api();
  const result = await channels[channel](request);
  if (result.ok) return result.value;
  if (result.error.code === 'VAULT_LOCKED') vaultLocked();
  throw new CustodyRequestError(
    result.error.code,
    result.error.message,
    result.error.issues,
    result.error.retryAfterSeconds ?? null,
  );
}

/** Calls `listener` with the payload of each `event` the core pushes, until the returned function is called. */
export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return api().on(event, listener);
}
