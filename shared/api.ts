// The shape of the API the preload exposes on `window.custody` (and the end-to-end harness's bridge
// imitates): one function per contract channel, answering a result value instead of throwing, so typed
// errors survive the IPC boundary intact.
import type { IpcResult } from './errors';
import type { Channel, RequestOf, ResponseOf } from './contract';

export type CustodyApi = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
};

/** The name the API is exposed under in the renderer's main world. */
export const apiGlobalName = 'custody';

/** Electron IPC channel name for a contract channel. */
export function ipcChannelName(channel: Channel): string {
  return `custody:${channel}`;
}
