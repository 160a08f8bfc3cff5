// Electron main process: app lifecycle only. It wires the hardened window, the protocols, the IPC
// binding and auto-lock to the trusted core, and does nothing else.
import { app, dialog, type BrowserWindow } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, defaultStateDir } from './core';
import { startAutoLock } from './auto-lock';
import { debuggingSwitches } from './debugging-switches';
import { electronChooser } from './dialogs';
import { bindIpc, forwardEvents } from './ipc';
import { handleProtocols, registerSchemes } from './protocol';
import { createMainWindow, guardAllWebContents, preloadFile } from './window';

// Tests of the unpackaged app point userData at a scratch folder; a packaged app always uses its own.
if (!app.isPackaged && process.env.CUSTODY_USER_DATA) app.setPath('userData', process.env.CUSTODY_USER_DATA);

/** Only a build made with `npm run dist:inspectable` says in its package.json that it may be debugged. */
function inspectableBuild(): boolean {
  const manifest = JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as {
    custodyInspectable?: unknown;
  };
  return manifest.custodyInspectable === true;
}

const refused =
  app.isPackaged && !inspectableBuild()
    ? debuggingSwitches(process.argv.slice(1), (name) => app.commandLine.hasSwitch(name))
    : [];

if (refused.length > 0) {
  console.error(
    `Custody does not start with ${refused.join(', ')}: a debugger attached to it could read an unlocked ` +
      'vault. Start it without those switches.',
  );
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemes();
  guardAllWebContents();
  let window: BrowserWindow | null = null;
  const core = createCore({
    choosePaths: electronChooser(() => window),
    vaultsRoot: join(app.getPath('userData'), 'vaults'),
    // The same per-user state directory as the command line, so both check a vault against one anchor store.
    stateDir: defaultStateDir(),
    // Offered first for exports: the app's own folder, never Documents or another folder commonly synced
    // to a cloud. The person chooses each export's folder with the dialog below.
    exportsRoot: join(app.getPath('userData'), 'Exports'),
    chooseExportFolder: async (suggested) => {
      const options = {
        title: 'Choose the folder for the export',
        defaultPath: suggested,
        properties: ['openDirectory' as const, 'createDirectory' as const],
      };
      const picked = await (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options));
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    app: { name: app.getName(), version: app.getVersion() },
    onInternalError: (channel, error) => console.error(`[custody] ${channel} failed:`, error),
    onBackgroundError: (error) => console.error('[custody] outbox:', error),
  });

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Locking forgets the keys in the core and reloads the page, so nothing stays in the renderer's memory.
  core.workstation.onLock(() => window?.webContents.reload());

  void app.whenReady().then(() => {
    handleProtocols(join(__dirname, '..', 'renderer'), core.workstation);
    const windows = () => (window ? [window.webContents] : []);
    bindIpc(core.router, windows);
    forwardEvents(core.workstation, windows);
    window = createMainWindow(preloadFile());
    window.on('closed', () => {
      window = null;
    });
    startAutoLock(
      () => core.workstation.session() !== null,
      () => core.workstation.lock(),
    );
  });

  app.on('window-all-closed', () => {
    core.workstation.lock();
    app.quit();
  });
}
