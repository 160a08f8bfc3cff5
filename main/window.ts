// The hardened BrowserWindow and its session policy: sandboxed renderer, context isolation, no Node,
// no webviews, no navigation away from app://renderer, no new windows, every permission denied, every
// request outside app:// cancelled.
import { app, BrowserWindow, session, type Session } from 'electron';
import { join } from 'node:path';
import { rendererEntry, rendererOrigin } from './protocol';

/** Only our scheme may be loaded (media is under app://renderer/media/); http(s), file, ws, ftp and the rest are cancelled. */
function restrictRequests(ses: Session): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const scheme = details.url.split(':', 1)[0];
    callback({ cancel: !(scheme === 'app' || scheme === 'devtools') });
  });
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.on('will-download', (event) => event.preventDefault());
}

/** App-wide guards for every web contents, including any created by accident. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${rendererOrigin}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => {
      if (!event.url.startsWith(`${rendererOrigin}/`)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  restrictRequests(session.defaultSession);
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Custody',
    backgroundColor: '#14171c',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererEntry);
  return window;
}

export function preloadFile(): string {
  return join(__dirname, '..', 'preload', 'preload.cjs');
}
