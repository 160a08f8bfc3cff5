// The preload: exposes exactly the contract's channels on window.custody through contextBridge, one
// function per channel, and nothing else (no ipcRenderer, no events, no Node). Bundled into one file,
// since a sandboxed preload cannot require anything but electron.
import { contextBridge, ipcRenderer } from 'electron';
import { apiGlobalName, ipcChannelName, type CustodyApi } from '../shared/api';
import { channels } from '../shared/contract';

const api = Object.freeze(
  Object.fromEntries(
    channels.map((channel) => [
      channel,
      (request: unknown) => ipcRenderer.invoke(ipcChannelName(channel), request),
    ]),
  ),
) as unknown as CustodyApi;

contextBridge.exposeInMainWorld(apiGlobalName, api);
