// Where a report package exported from the workstation goes (security review, finding 7): the folder the
// person chooses, checked in the core. Folders commonly synced to a cloud (Documents, Desktop, Dropbox,
// OneDrive, iCloud, Google Drive), also reached through a link, are refused unless confirmed; the offered
// folder is the app's own; an age recipient turns the package into one .tar.age.
import { mkdir, readdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { cloudSyncedFolder } from '../../main/core/exports';
import { installIdentity } from '../../main/core/identity';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { importCase } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review';
import { testCore } from '../support/core';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

describe('cloud-synced folders', () => {
  it.each([
    ['/home/ana/Documents/exports', 'Documents'],
    ['/home/ana/documents', 'Documents'],
    ['/home/ana/Desktop', 'Desktop'],
    ['/home/ana/Dropbox/team', 'Dropbox'],
    ['/home/ana/OneDrive/x', 'OneDrive'],
    ['/home/ana/OneDrive - Example Corp/x', 'OneDrive - Example Corp'],
    ['/home/ana/Google Drive/My Drive', 'Google Drive'],
    ['/home/ana/Library/Mobile Documents/com~apple~CloudDocs', 'Library/Mobile Documents'],
    ['/home/ana/Library/CloudStorage/Dropbox', 'Library/CloudStorage'],
    ['/mnt/data/Dropbox/cases', 'Dropbox'],
    ['/srv/od/exports', '/srv/od'],
  ])('%s is in %s', (path, folder) => {
    expect(cloudSyncedFolder(path, '/home/ana', { OneDriveCommercial: '/srv/od' })).toBe(folder);
  });

  it.each([
    '/home/ana/Exports',
    '/home/ana/.config/Custody/Exports',
    '/media/usb/cases',
    '/home/ana/DocumentsOld',
  ])('%s is not', (path) => {
    expect(cloudSyncedFolder(path, '/home/ana', {})).toBeNull();
  });
});

async function exportingCore() {
  const root = await tempDir();
  const home = join(root, 'home');
  await mkdir(join(home, 'Documents', 'out'), { recursive: true });
  await mkdir(join(home, 'Dropbox'), { recursive: true });
  let picked: string | null = null;
  const test = await testCore(async () => root, {
    home,
    chooseExportFolder: async (suggested) => {
      picked = suggested;
      return join(root, 'picked');
    },
  });
  await test.call('vault.create', { vault: 'Exports', user: 'ana', passphrase: passphrases.ana });
  const vault = test.core.workstation.vault();
  installIdentity(
    vault,
    await generateSelfSignedIdentity({ commonName: 'Example report signing', organisation: 'Example' }),
    'self-signed',
  );
  const { caseId } = await importCase(vault, await writeExampleCase(join(root, 'case')));
  return { ...test, root, home, caseId, picked: () => picked };
}

describe('cases.export destination', () => {
  it('offers the app’s own folder and the picker, and writes there owner-only when no folder is given', async () => {
    const { call, root, caseId, picked, core } = await exportingCore();
    expect(await call('exports.destination', { choose: false })).toEqual({
      suggested: join(root, 'exports'),
      picker: true,
      chosen: null,
    });
    expect(await call('exports.destination', { choose: true })).toMatchObject({
      chosen: join(root, 'picked'),
    });
    expect(picked()).toBe(join(root, 'exports'));
    const exported = await call<{ folder: string; location: string; encrypted: boolean }>('cases.export', {
      id: caseId,
    });
    expect(exported).toMatchObject({ location: join(root, 'exports'), encrypted: false });
    expect((await stat(join(root, 'exports'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(root, 'exports', exported.folder))).mode & 0o777).toBe(0o700);
    core.workstation.lock();
  });

  it('refuses a cloud-synced folder (also through a link) unless confirmed, and a relative path', async () => {
    const { core, call, root, home, caseId } = await exportingCore();
    const documents = join(home, 'Documents', 'out');
    const refused = await core.router.call('cases.export', { id: caseId, folder: documents });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        issues: [
          {
            path: 'allowSynced',
            message: expect.stringContaining('is in Documents, a folder commonly synced'),
          },
        ],
      },
    });
    await symlink(join(home, 'Dropbox'), join(root, 'innocent'));
    expect(
      await core.router.call('cases.export', { id: caseId, folder: join(root, 'innocent') }),
    ).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'allowSynced', message: expect.stringContaining('is in Dropbox') }] },
    });
    expect(await core.router.call('cases.export', { id: caseId, folder: 'exports' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'folder' }] },
    });
    expect(await readdir(documents)).toEqual([]);
    expect(await readdir(join(home, 'Dropbox'))).toEqual([]);

    const confirmed = await call<{ folder: string }>('cases.export', {
      id: caseId,
      folder: documents,
      allowSynced: true,
    });
    expect(await readdir(documents)).toEqual([confirmed.folder]);
    core.workstation.lock();
  });

  it('encrypts to an age recipient into one .tar.age, and refuses what is not a recipient', async () => {
    const { core, call, root, caseId } = await exportingCore();
    const out = join(root, 'out');
    await mkdir(out);
    expect(
      await core.router.call('cases.export', { id: caseId, folder: out, encryptTo: 'ssh-ed25519 AAAA' }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', issues: [{ path: 'encryptTo' }] } });
    const recipient = await identityToRecipient(await generateIdentity());
    const exported = await call<{ folder: string; encrypted: boolean }>('cases.export', {
      id: caseId,
      folder: out,
      encryptTo: recipient,
    });
    expect(exported.encrypted).toBe(true);
    expect(exported.folder).toMatch(/^report-[0-9a-f]{8}-.+\.tar\.age$/);
    expect(await readdir(out)).toEqual([exported.folder]);
    core.workstation.lock();
  });
});
