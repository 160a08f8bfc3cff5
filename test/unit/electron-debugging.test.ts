// A packaged Custody refuses to start with a switch that would attach a debugger to it (finding 20):
// main/index.ts loaded against the stand-in of Electron's API as a packaged app started with
// --remote-debugging-port exits with a message before it opens anything. The switch parser is checked
// on every spelling Chromium and Node accept.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { debuggingSwitches, debuggingSwitchNames } from '../../main/debugging-switches';
import { app, ipcMain, protocol, windows } from '../support/electron';

vi.mock('electron', async () => (await import('../support/electron')).electron);

const argv = process.argv;
const errors: string[] = [];

beforeAll(async () => {
  app.isPackaged = true;
  process.argv = [argv[0] as string, '--remote-debugging-port=9222', '--no-sandbox'];
  vi.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
  await import('../../main/index');
  app.becomeReady();
});

afterAll(() => {
  process.argv = argv;
  vi.restoreAllMocks();
});

describe('a packaged start with a debugging switch', () => {
  it('exits with code 1 and says why, before any window, protocol, IPC or vault', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.exits).toEqual([1]);
    expect(errors).toEqual([
      'Custody does not start with --remote-debugging-port: a debugger attached to it could read an unlocked vault. Start it without those switches.',
    ]);
    expect(windows).toHaveLength(0);
    expect(protocol.handlers.size).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('debuggingSwitches', () => {
  const none = () => false;

  it('finds each switch in every spelling, and only those', () => {
    for (const name of debuggingSwitchNames) {
      for (const arg of [`--${name}`, `--${name}=1`, `-${name}`, `/${name.toUpperCase()}`, `--${name}=`]) {
        expect(debuggingSwitches([arg], none), arg).toEqual([`--${name}`]);
      }
    }
    expect(
      debuggingSwitches(
        ['--no-sandbox', '--inspector', 'remote-debugging-port', '--lang=de', 'x=--inspect'],
        none,
      ),
    ).toEqual([]);
  });

  it('also takes what Chromium parsed from its command line', () => {
    expect(debuggingSwitches([], (name) => name === 'remote-debugging-pipe')).toEqual([
      '--remote-debugging-pipe',
    ]);
  });
});
