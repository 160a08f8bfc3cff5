// Binds every contract channel to ipcMain.handle and hands the payload to the core's router, after
// checking that the message comes from our own renderer: the main frame of a Custody window showing an
// app://renderer page. Anything else is refused before the router sees it. Events go the other way, to
// those same windows only.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannelName, ipcEventName } from '../shared/api';
import { channels } from '../shared/contract';
import type { IpcResult } from '../shared/errors';
import type { EventListener } from './core/events';
import type { Router } from './core/router';
import { rendererOrigin } from './protocol';

/** Whether `url` is a page of our renderer. Node's URL says "null" for the origin of a custom scheme. */
function isRendererPage(url: string): boolean {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}` === rendererOrigin;
  } catch {
    return false;
  }
}

export function isTrustedSender(event: IpcMainInvokeEvent, windows: () => readonly WebContents[]): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  if (!windows().includes(event.sender)) return false;
  return isRendererPage(frame.url);
}

export function bindIpc(router: Router, windows: () => readonly WebContents[]): void {
  for (const channel of channels) {
    ipcMain.handle(ipcChannelName(channel), async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, windows)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'This message did not come from the Custody window.' },
        };
      }
      return router.call(channel, payload);
    });
  }
}

/** Sends each core event to the Custody windows still showing our renderer; answers the unsubscribe. */
export function forwardEvents(
  source: { onEvent(listener: EventListener): () => void },
  windows: () => readonly WebContents[],
): () => void {
  return source.onEvent((event) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed() && isRendererPage(contents.getURL()))
        contents.send(ipcEventName(event.name), event.payload);
    }
  });
}
