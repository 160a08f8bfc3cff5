import { execFileSync } from 'node:child_process';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/cybertip';
import { assessCompleteness } from '../../main/core/cybertip/completeness';
import { reportDraftFromCase } from '../../main/core/cybertip/from-case';
import { reportToXml } from '../../main/core/cybertip/report-xml';
import { ReviewSession } from '../../main/core/review/session';
import { categorizeItems } from '../../main/core/review/items';
import { CaseFileError, importCase } from '../../main/core/media';
import { listCases } from '../../main/core/review';
import { exampleCaseFile, writeExampleCase } from '../../main/core/review/case-example';
import type { Vault } from '../../main/core/identity';
import { createTestVault, useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();

async function setup() {
  const { root, vault } = await createTestVault(tempDir);
  return { root, vault };
}

const itemCount = (vault: Vault) => vault.db.prepare('SELECT count(*) FROM items').pluck().get();

describe('cases', () => {
  it('imports a case with its media, and orders cases by their 24-hour deadline, overdue first', async () => {
    const { root, vault } = await setup();
    const now = new Date();
    const fresh = await importCase(vault, await writeExampleCase(join(root, 'fresh'), now));
    expect(fresh.items).toHaveLength(4);
    const old = await importCase(
      vault,
      await writeExampleCase(join(root, 'old'), new Date(now.getTime() - 30 * 3600_000)),
    );
    const cases = listCases(vault, now.getTime());
    expect(cases.map((c) => c.id)).toEqual([old.caseId, fresh.caseId]);
    expect(cases[0]?.remainingMs).toBeLessThan(0);
    expect(cases[1]?.remainingMs).toBeGreaterThan(21 * 3600_000);
    expect(Date.parse(cases[1]?.deadlineAt ?? '') - Date.parse(cases[1]?.detectedAt ?? '')).toBe(
      24 * 3600_000,
    );
    vault.lock();
  });

  it('rejects a bad case file with the path of every problem, importing nothing', async () => {
    const { root, vault } = await setup();
    const path = await writeExampleCase(join(root, 'case'));
    const bad = JSON.parse(await readFile(path, 'utf8'));
    bad.detectedAt = 'yesterday';
    bad.report.incidentSummary.incidentType = 'Something else';
    bad.files[1].path = '../outside.png';
    bad.files[2].path = 'media/missing.webp';
    await writeFile(path, JSON.stringify(bad));
    const error = await importCase(vault, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseFileError);
    const paths = (error as CaseFileError).issues?.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['detectedAt', 'report.incidentSummary.incidentType', 'files.1.path']),
    );
    expect(itemCount(vault)).toBe(0);

    const fixedSchema = { ...bad, detectedAt: new Date().toISOString(), report: exampleCaseFile().report };
    fixedSchema.files[1].path = 'media/upload-2.png';
    await symlink('/etc/hostname', join(root, 'case', 'media', 'escape.txt'));
    fixedSchema.files[3].path = 'media/escape.txt';
    await writeFile(path, JSON.stringify(fixedSchema));
    const located = (await importCase(vault, path).catch((e: unknown) => e)) as CaseFileError;
    expect(located.issues?.map((i) => [i.path, i.message])).toEqual([
      ['files.2.path', 'media/missing.webp does not exist or cannot be read.'],
      ['files.3.path', 'media/escape.txt leads outside the case folder.'],
    ]);
    expect(itemCount(vault)).toBe(0);
    vault.lock();
  });

  it('fills the report from the case and the ledger, and the XML passes xmllint --schema', async () => {
    const { root, vault } = await setup();
    const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
    const [first, second] = imported.items;
    const before = reportDraftFromCase(vault, imported.caseId);
    expect(before.files.map((f) => f.details.fileViewedByEsp)).toEqual([false, false, false, false]);

    const session = new ReviewSession(vault);
    session.reveal(first?.itemId as string, 'categorise');
    session.detailViewed(first?.itemId as string, true);
    categorizeItems(vault, [first?.itemId as string], 'B2', ['generativeAi']);
    categorizeItems(vault, [second?.itemId as string], 'none', []);
    const draft = reportDraftFromCase(vault, imported.caseId);
    const [f1, f2] = draft.files;
    expect(f1?.details).toMatchObject({
      originalFileName: 'IMG_0001.jpg',
      fileViewedByEsp: true,
      exifViewedByEsp: true,
      industryClassification: 'B2',
      fileAnnotations: { generativeAi: true },
      fileRelevance: 'Reported',
      originalFileHash: [
        { hashType: 'MD5', value: expect.stringMatching(/^[0-9a-f]{32}$/) },
        { hashType: 'SHA1', value: expect.stringMatching(/^[0-9a-f]{40}$/) },
        { hashType: 'SHA256', value: first?.sha256 },
      ],
    });
    expect(f1?.details.details?.[0]?.nameValuePair).toEqual(
      expect.arrayContaining([{ name: 'Image.Make', value: 'ExampleCam' }]),
    );
    expect(f2?.details.fileViewedByEsp).toBe(false);
    expect(f2?.details.industryClassification).toBeUndefined();

    const completeness = assessCompleteness(
      draft.report,
      draft.files.map((f) => f.details),
    );
    expect(completeness.exportable).toBe(true);
    expect(completeness.referral.likely).toBe('referral');
    const xmlPath = join(root, 'report.xml');
    await writeFile(xmlPath, reportToXml(draft.report as Report));
    const xsd = join('resources', 'ncmec', 'cyber_tipline.xsd');
    expect(
      execFileSync(requireTool('xmllint'), ['--noout', '--schema', xsd, xmlPath], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ).toBe('');
    vault.lock();
  });
});
