// Electron's IPC seam, with Electron replaced by a stand-in (no Electron binary is needed) and recording
// fake windows: requests are trusted only from the main frame of a Custody window on an app://renderer page,
// and forwardEvents sends each core event, on its own IPC channel and with its payload alone, to the Custody
// windows still showing the renderer, and to no other page.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Workstation } from '../../main/core/workstation';
import { forwardEvents, isTrustedSender } from '../../main/ipc';
import { rendererEntry } from '../../main/protocol';
import { ipcEventName } from '../../shared/api';
import { submissionProgress } from '../support/event-samples';
import { useTempDirs } from '../support/temp';

vi.mock('electron', async () => (await import('../support/electron')).electron);

const tempDir = useTempDirs();

function fakeWindow(url: string, destroyed = false) {
  const sent: Array<[string, ...unknown[]]> = [];
  const contents = {
    getURL: () => url,
    isDestroyed: () => destroyed,
    send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
  };
  return { contents: contents as unknown as Electron.WebContents, sent };
}

describe('isTrustedSender', () => {
  const mainFrame = { url: rendererEntry };
  const window = { mainFrame };
  const sender = (frame: { url: string }, from: object = window) =>
    ({ sender: from, senderFrame: frame }) as unknown as Electron.IpcMainInvokeEvent;
  const windows = () => [window as unknown as Electron.WebContents];

  it('trusts the main frame of a Custody window showing the renderer', () => {
    expect(isTrustedSender(sender(mainFrame), windows)).toBe(true);
  });

  it('refuses a subframe, another window, and any other page', () => {
    expect(isTrustedSender(sender({ url: rendererEntry }), windows)).toBe(false);
    expect(isTrustedSender(sender(mainFrame, { mainFrame }), windows)).toBe(false);
    for (const url of [
      'https://renderer/index.html',
      'app://other/index.html',
      'file:///index.html',
      'nonsense',
    ]) {
      const frame = { url };
      expect(
        isTrustedSender(sender(frame, { mainFrame: frame }), () => [{ mainFrame: frame } as never]),
      ).toBe(false);
    }
  });
});

describe('forwardEvents', () => {
  it('sends each event to the windows showing the renderer, until unsubscribed', async () => {
    const root = await tempDir();
    const ws = new Workstation({
      vaultsRoot: join(root, 'vaults'),
      stateDir: join(root, 'state'),
      exportsRoot: join(root, 'exports'),
    });
    const custody = fakeWindow(rendererEntry);
    const elsewhere = fakeWindow('https://example.org/');
    const closed = fakeWindow(rendererEntry, true);
    const stop = forwardEvents(ws, () => [custody.contents, elsewhere.contents, closed.contents]);

    ws.emit('submission.progress', submissionProgress);
    ws.emit('session.locked', {});
    stop();
    ws.emit('session.locked', {});

    expect(custody.sent).toEqual([
      [ipcEventName('submission.progress'), submissionProgress],
      [ipcEventName('session.locked'), {}],
    ]);
    expect(elsewhere.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });
});
