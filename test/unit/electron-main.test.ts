// The Electron main process (main/index.ts, window.ts, protocol.ts, ipc.ts, auto-lock.ts) loaded against
// the stand-in of Electron's API in test/support/electron.ts: every guard is installed and refuses what it
// should, the protocols serve the renderer and refuse the rest, IPC answers our main frame only, and a
// lock (idle or lock screen) drops the keys and reloads the renderer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mediaHeaders } from '../../main/core/media-protocol';
import { ipcChannelName } from '../../shared/api';
import { channels } from '../../shared/contract';
import {
  app,
  defaultSession,
  FakeEvent,
  FakeFrame,
  FakeWebContents,
  ipcMain,
  powerMonitor,
  protocol,
  windows,
  type FakeBrowserWindow,
} from '../support/electron';
import { passphrases } from '../support/temp';

vi.mock('electron', async () => (await import('../support/electron')).electron);

let userData: string;
let window: FakeBrowserWindow;

beforeAll(async () => {
  userData = await mkdtemp(join(tmpdir(), 'custody-electron-'));
  process.env.CUSTODY_USER_DATA = userData;
  process.env.CUSTODY_STATE_DIR = join(userData, 'state');
  app.setPath('documents', join(userData, 'documents'));
  await import('../../main/index');
  app.becomeReady();
  await vi.waitFor(() => expect(windows).toHaveLength(1));
  window = windows[0] as FakeBrowserWindow;
});

afterAll(async () => {
  app.emit('window-all-closed');
  delete process.env.CUSTODY_USER_DATA;
  delete process.env.CUSTODY_STATE_DIR;
  await rm(userData, { recursive: true, force: true });
});

function expectMediaHeaders(response: Response): void {
  for (const [name, value] of Object.entries(mediaHeaders))
    expect(response.headers.get(name), name).toBe(value);
}

const invoke = (channel: string, payload: unknown, frame = window.webContents.mainFrame) =>
  ipcMain.invoke(ipcChannelName(channel as never), window.webContents, frame, payload);

describe('the window', () => {
  it('is sandboxed, isolated, without Node, and shows the renderer', () => {
    expect(app.getPath('userData')).toBe(userData);
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      preload: expect.stringMatching(/preload\.cjs$/),
    });
    expect(window.webContents.getURL()).toBe('app://renderer/index.html');
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('refuses navigation away from the renderer, redirects, webviews and new windows', () => {
    const contents = window.webContents;
    expect(contents.prevented('will-navigate', 'app://renderer/review')).toBe(false);
    expect(contents.prevented('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.prevented('will-navigate', 'app://renderer.example.org/')).toBe(true);
    expect(contents.prevented('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.prevented('will-frame-navigate', 'app://renderer/index.html')).toBe(false);
    expect(contents.prevented('will-redirect', 'app://renderer/index.html')).toBe(true);
    expect(contents.prevented('will-attach-webview', 'app://renderer/index.html')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'app://renderer/index.html' })).toEqual({ action: 'deny' });
  });

  it('guards any other web contents created by accident', () => {
    const stray = new FakeWebContents(defaultSession, 'about:blank');
    app.emit('web-contents-created', new FakeEvent(), stray);
    expect(stray.prevented('will-navigate', 'https://example.org/')).toBe(true);
    expect(stray.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check, devices, screen capture and downloads', () => {
    const granted: boolean[] = [];
    defaultSession.permissionRequestHandler?.(
      ...([window.webContents, 'media', (ok: boolean) => granted.push(ok), {}] as never[]),
    );
    expect(granted).toEqual([false]);
    expect(
      defaultSession.permissionCheckHandler?.(...([null, 'clipboard-read', 'app://renderer'] as never[])),
    ).toBe(false);
    expect(defaultSession.devicePermissionHandler?.(...([{ deviceType: 'usb' }] as never[]))).toBe(false);
    const streams: unknown[] = [];
    defaultSession.displayMediaRequestHandler?.(...([{}, (s: unknown) => streams.push(s)] as never[]));
    expect(streams).toEqual([{}]);
    const download = new FakeEvent();
    defaultSession.emit('will-download', download);
    expect(download.defaultPrevented).toBe(true);
  });

  it('cancels every request outside app: (media is served under app://renderer/media/)', () => {
    const cancelled = (url: string) => {
      let answer: boolean | undefined;
      defaultSession.beforeRequest?.({ url }, (response) => (answer = response.cancel));
      return answer;
    };
    expect(cancelled('app://renderer/index.html')).toBe(false);
    expect(cancelled('app://renderer/media/thumbnail/abc')).toBe(false);
    for (const url of [
      'media://item/thumbnail/abc',
      'https://example.org/',
      'http://127.0.0.1/',
      'file:///etc/passwd',
      'ws://x/',
      'ftp://x/',
    ]) {
      expect(cancelled(url), url).toBe(true);
    }
  });
});

describe('the protocols', () => {
  it('registers app: alone, as a standard, secure scheme that streams', () => {
    expect(
      protocol.privileged.map((s) => [
        s.scheme,
        s.privileges?.standard,
        s.privileges?.secure,
        s.privileges?.stream,
      ]),
    ).toEqual([['app', true, true, true]]);
    expect([...protocol.handlers.keys()]).toEqual(['app']);
  });

  it('serves the renderer with its CSP and security headers', async () => {
    const page = await protocol.fetch('app://renderer/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src/);
    expect(await page.text()).toMatch(/<html/i);
  });

  it('refuses path traversal, another host, and methods other than GET', async () => {
    for (const url of [
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/%2e%2e/package.json',
      'app://renderer/src/..%5c..%5cpackage.json',
    ]) {
      const response = await protocol.fetch(url);
      expect(response.status, url).not.toBe(200);
      expect(await response.text(), url).not.toMatch(/"name"/);
    }
    expect((await protocol.fetch('app://evil/index.html')).status).toBe(404);
    expect((await protocol.fetch('app://renderer/index.html', { method: 'POST', body: 'x' })).status).toBe(
      404,
    );
    expect((await protocol.fetch('app://elsewhere/media/thumbnail/x')).status).toBe(404);
  });

  it('serves no media while the vault is locked, never sniffed, cached or embeddable by another origin', async () => {
    const response = await protocol.fetch(
      'app://renderer/media/thumbnail/00000000-0000-0000-0000-000000000000',
    );
    expect(response.status).toBe(403);
    expectMediaHeaders(response);
  });
});

describe('IPC', () => {
  it('binds every contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(channels.map((c) => ipcChannelName(c)).sort());
  });

  it('answers our window\'s main frame on app://renderer (whose Node origin is "null")', async () => {
    expect(new URL(window.webContents.mainFrame.url).origin).toBe('null');
    expect(await invoke('vault.list', {})).toEqual({ ok: true, value: { vaults: [] } });
  });

  it('refuses a subframe, another page in our window, and another window', async () => {
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } };
    expect(await invoke('vault.list', {}, new FakeFrame('app://renderer/index.html'))).toMatchObject(
      forbidden,
    );
    const other = new FakeWebContents(defaultSession, 'app://renderer/index.html');
    expect(await ipcMain.invoke(ipcChannelName('vault.list'), other, other.mainFrame, {})).toMatchObject(
      forbidden,
    );
    const frame = window.webContents.mainFrame;
    frame.url = 'https://example.org/';
    try {
      expect(await invoke('vault.list', {})).toMatchObject(forbidden);
    } finally {
      frame.url = 'app://renderer/index.html';
    }
  });
});

describe('locking', () => {
  const unlock = async () => {
    const created = await invoke('vault.list', {});
    const exists = JSON.stringify(created).includes('"Electron"');
    const channel = exists ? 'vault.unlock' : 'vault.create';
    expect(
      await invoke(channel, { vault: 'Electron', user: 'ana', passphrase: passphrases.ana }),
    ).toMatchObject({
      ok: true,
    });
    expect(await invoke('app.info', {})).toMatchObject({
      ok: true,
      value: { session: { vault: 'Electron' } },
    });
  };

  it('the lock screen locks the vault and reloads the renderer', async () => {
    await unlock();
    const reloads = window.webContents.reloads;
    powerMonitor.emit('lock-screen');
    expect(await invoke('app.info', {})).toMatchObject({ ok: true, value: { session: null } });
    expect(window.webContents.reloads).toBe(reloads + 1);
    expect(await invoke('review.queues', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  }, 30_000);

  it('suspending the machine locks the vault and reloads the renderer', async () => {
    await unlock();
    const reloads = window.webContents.reloads;
    powerMonitor.emit('suspend');
    expect(await invoke('app.info', {})).toMatchObject({ ok: true, value: { session: null } });
    expect(window.webContents.reloads).toBe(reloads + 1);
  }, 30_000);

  it('serves media on the renderer origin with the media headers while unlocked', async () => {
    await unlock();
    for (const [path, status] of [
      ['/media/thumbnail/00000000-0000-0000-0000-000000000000', 404],
      ['/media/original/00000000-0000-0000-0000-000000000000', 400],
      ['/media/clear/00000000-0000-0000-0000-000000000000', 403],
    ] as const) {
      const response = await protocol.fetch(`app://renderer${path}`);
      expect(response.status, path).toBe(status);
      expectMediaHeaders(response);
    }
    await invoke('vault.lock', {});
  }, 30_000);

  it('a screen the OS reports locked (Linux has no lock-screen event) locks the vault', async () => {
    await unlock();
    powerMonitor.screen = 'locked';
    try {
      await vi.waitFor(
        async () => expect(await invoke('app.info', {})).toMatchObject({ value: { session: null } }),
        { timeout: 20_000, interval: 500 },
      );
    } finally {
      powerMonitor.screen = 'active';
    }
  }, 30_000);

  it('idle time past the limit locks the vault and reloads the renderer', async () => {
    await unlock();
    const reloads = window.webContents.reloads;
    powerMonitor.idleSeconds = 10 * 60;
    await vi.waitFor(
      async () => expect(await invoke('app.info', {})).toMatchObject({ value: { session: null } }),
      { timeout: 20_000, interval: 500 },
    );
    powerMonitor.idleSeconds = 0;
    expect(window.webContents.reloads).toBe(reloads + 1);
  }, 30_000);
});
