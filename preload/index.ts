// The preload: exposes exactly the contract's channels on window.custody through contextBridge, one
// function per channel, and `on` for the contract's events (the listener gets the payload alone), and
// nothing else (no ipcRenderer, no Node). Bundled into one file, since a sandboxed preload cannot require
// anything but electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiGlobalName, ipcChannelName, ipcEventName, type CustodyApi, type Subscribe } from '../shared/api';
import { channels, isEventName } from '../shared/contract';

const on: Subscribe = (event, listener) => {
  if (!isEventName(event)) {
    throw new TypeError(`There is no Custody event named ${JSON.stringify(String(event)).slice(0, 80)}.`);
  }
  if (typeof listener !== 'function') throw new TypeError('A Custody event listener must be a function.');
  const channel = ipcEventName(event);
  // Never hand the renderer Electron's event object: it would reach back to the sender.
  const forward = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
};

const api = Object.freeze({
  ...Object.fromEntries(
    channels.map((channel) => [
      channel,
      (request: unknown) => ipcRenderer.invoke(ipcChannelName(channel), request),
    ]),
  ),
  on,
}) as unknown as CustodyApi;

contextBridge.exposeInMainWorld(apiGlobalName, api);
