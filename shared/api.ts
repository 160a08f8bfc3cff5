// The shape of the API the preload exposes on `window.custody` (and the end-to-end harness's bridge
// imitates): one function per contract channel, answering a result value instead of throwing, so typed
// errors survive the IPC boundary intact; and `on`, to listen to the contract's events.
import type { IpcResult } from './errors';
import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './contract';

/** Calls `listener` with the payload of each `event` until the returned function is called. */
export type Subscribe = <E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
) => () => void;

/** One function per contract channel. */
export type ChannelApi = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
};

export type CustodyApi = ChannelApi & { readonly on: Subscribe };

/** The name the API is exposed under in the renderer's main world. */
export const apiGlobalName = 'custody';

/** Electron IPC channel name for a contract channel. */
export function ipcChannelName(channel: Channel): string {
  return `custody:${channel}`;
}

/** Electron IPC channel name a contract event is sent on, main → renderer; never one a request uses. */
export function ipcEventName(event: EventName): string {
  return `custody-event:${event}`;
}
