// Nothing silently dropped (security review, findings 12 and 13): two uploads with the same bytes keep both
// sets of details in the case, the report view and the package's fileDetails; a file listed twice under two
// spellings is refused; a reported case's draft can no longer be edited, and edits record the draft's hash.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportReportPackage, reportView, saveReportDraft } from '../../main/core/cybertip';
import { installIdentity } from '../../main/core/identity';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { importCase } from '../../main/core/media';
import { caseReport, draftHash, listCases, markCaseReported, writeExampleCase } from '../../main/core/review';
import type { ReportDraft } from '../../shared/cybertip';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const firstUpload = {
  path: 'media/upload-1.jpg',
  originalFileName: 'first.jpg',
  uploadedToEspTimestamp: '2026-12-01T10:00:00Z',
  fileRelevance: 'Reported',
  ipCaptureEvent: { ipAddress: '192.0.2.1', eventName: 'Upload', dateTime: '2026-12-01T10:00:00Z' },
};
const secondUpload = {
  path: 'media/second-upload.jpg',
  originalFileName: 'second.jpg',
  uploadedToEspTimestamp: '2026-12-02T11:00:00Z',
  fileRelevance: 'Reported',
  ipCaptureEvent: { ipAddress: '198.51.100.7', eventName: 'Upload', dateTime: '2026-12-02T11:00:00Z' },
};

/** The example case with its files replaced by `files`, media/second-upload.jpg a copy of upload-1.jpg. */
async function caseListing(root: string, files: unknown[]): Promise<string> {
  const path = await writeExampleCase(join(root, 'case'));
  await copyFile(
    join(root, 'case', 'media', 'upload-1.jpg'),
    join(root, 'case', 'media', 'second-upload.jpg'),
  );
  const caseFile = JSON.parse(await readFile(path, 'utf8')) as { files: unknown[] };
  caseFile.files = files;
  await writeFile(path, JSON.stringify(caseFile));
  return path;
}

describe('two files with the same bytes in one case', () => {
  it('keep both sets of details in the case, the report and the package', async () => {
    const { root, vault } = await createTestVault(tempDir);
    installIdentity(
      vault,
      await generateSelfSignedIdentity({ commonName: 'Example report signing', organisation: 'Example' }),
      'self-signed',
    );
    const imported = await importCase(vault, await caseListing(root, [firstUpload, secondUpload]));
    expect(new Set(imported.items.map((i) => i.itemId)).size).toBe(1);
    expect(listCases(vault).find((c) => c.id === imported.caseId)?.items).toBe(2);

    const view = reportView(vault, imported.caseId);
    expect(view.files.map((f) => [f.fileName, f.details.originalFileName])).toEqual([
      ['upload-1.jpg', 'first.jpg'],
      ['second-upload.jpg', 'second.jpg'],
    ]);
    expect(view.files[1]?.details).toMatchObject({
      uploadedToEspTimestamp: '2026-12-02T11:00:00Z',
      ipCaptureEvent: { ipAddress: '198.51.100.7' },
    });

    const out = join(root, 'out');
    await mkdir(out);
    const built = await exportReportPackage(vault, imported.caseId, join(out, 'package'));
    expect((await readdir(join(built.dir, 'fileDetails'))).sort()).toEqual(['1.xml', '2.xml']);
    expect((await readdir(join(built.dir, 'files'))).sort()).toEqual([
      '0001-upload-1.jpg',
      '0002-second-upload.jpg',
    ]);
    const second = await readFile(join(built.dir, 'fileDetails', '2.xml'), 'utf8');
    expect(second).toContain('<originalFileName>second.jpg</originalFileName>');
    expect(second).toContain('<ipAddress>198.51.100.7</ipAddress>');
    expect(second).toContain('2026-12-02T11:00:00');
    vault.lock();
  });

  it('refuses one file listed twice under two spellings, naming both entries', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const path = await caseListing(root, [firstUpload, { ...secondUpload, path: './media/upload-1.jpg' }]);
    await expect(importCase(vault, path)).rejects.toThrow(
      /files\.1\.path: \.\/media\/upload-1\.jpg is listed twice \(also at files\.0\)/,
    );
    expect(listCases(vault)).toEqual([]);
    vault.lock();
  });
});

describe('report drafts', () => {
  it('are refused once the case is reported, with a clear message, and edits record a hash of the content', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const { caseId } = await importCase(vault, await writeExampleCase(join(root, 'case')));
    const edited: ReportDraft = { ...caseReport(vault, caseId).report, additionalInfo: 'First edit.' };
    saveReportDraft(vault, caseId, edited);
    const update = vault.ledger.entriesFor(caseId, 'case.update').at(-1);
    expect(update?.details.draft).toBe(draftHash(edited));

    vault.db.transaction(() => markCaseReported(vault, caseId))();
    const changed = structuredClone(edited) as {
      personOrUserReported: Array<{ ipCaptureEvent: Array<{ ipAddress: string }> }>;
    };
    (changed.personOrUserReported[0]?.ipCaptureEvent[0] as { ipAddress: string }).ipAddress = '203.0.113.99';
    expect(() => saveReportDraft(vault, caseId, changed as ReportDraft)).toThrow(
      /can no longer be edited: the case is reported\. Open a new case for a supplemental report\./,
    );
    expect(caseReport(vault, caseId).report).toEqual(edited);
    expect(vault.ledger.entriesFor(caseId, 'case.update')).toHaveLength(1);
    vault.lock();
  });
});
