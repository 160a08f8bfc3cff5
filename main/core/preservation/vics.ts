// A VICS 2.0 export of a case for law-enforcement tools (Griffeye, IPED): the originals under media/ and one
// Project VIC JSON document (`odata.metadata` #Cases, `value[]` holding the case with its Media records:
// MD5, SHA1, SHA256 and PDQ, sizes, file names, category). Custody's industry categories map to VICS US
// ones: A1 and A2 (prepubescent) to 1, child abuse material; B1 and B2 (pubescent) to 2, whose age an
// examiner must confirm; uncategorised to 0. The exact A1–B2 rides along in Tags. Written via stagedExport.
import { InvalidInputError, TamperDetectedError } from '../errors';
import { stagedExport } from '../exports';
import { requireRole, type Vault } from '../identity';
import { caseReport, caseReportFiles, itemDetail } from '../review';
import { readBlob } from '../vault';
import { createHash } from 'node:crypto';

export const VICS_CONTEXT =
  'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases';

const VICS_CATEGORY: Record<string, number> = { A1: 1, A2: 1, B1: 2, B2: 2 };

export interface VicsExport {
  path: string;
  document: string;
  media: number;
}

export async function exportVics(vault: Vault, caseId: string, destination: string): Promise<VicsExport> {
  requireRole(vault, 'preservation.export');
  const { title } = caseReport(vault, caseId);
  const files = caseReportFiles(vault, caseId);
  if (files.length === 0) throw new InvalidInputError(`Case ${caseId} has no evidence left to export.`);
  const document = `vics-${caseId}.json`;
  const outcome = await stagedExport(
    vault,
    {
      kind: 'vics-export',
      destination,
      subjects: [caseId, ...files.map((f) => f.itemId)],
      details: { format: 'VICS 2.0' },
    },
    async (sink) => {
      const media = [];
      for (const [index, file] of files.entries()) {
        const detail = itemDetail(vault, file.itemId, false);
        const name = `${String(index + 1).padStart(4, '0')}-${detail.fileName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100)}`;
        const sha256 = createHash('sha256');
        async function* hashed(): AsyncIterable<Uint8Array> {
          for await (const chunk of readBlob(vault, file.originalBlob)) {
            sha256.update(chunk);
            yield chunk;
          }
        }
        await sink.addStream(`media/${name}`, detail.size, hashed());
        if (sha256.digest('hex') !== file.sha256)
          throw new TamperDetectedError(
            `The stored original of item ${file.itemId} no longer matches its SHA-256.`,
          );
        const category = file.category ? (VICS_CATEGORY[file.category] ?? 0) : 0;
        media.push({
          'odata.id': `Media(${index + 1})`,
          MediaID: index + 1,
          Category: category,
          IsPrecategorized: file.category !== null,
          PrecategorizationSource: 'Custody',
          MD5: file.md5,
          SHA1: file.sha1,
          SHA256: file.sha256,
          MediaSize: detail.size,
          MimeType: detail.mime,
          Tags: file.category ? `industry-category:${file.category}` : 'industry-category:none',
          MediaFiles: [{ MD5: file.md5, FileName: detail.fileName, FilePath: `media/${name}` }],
          AlternativeHashes: [
            { MD5: file.md5, HashName: 'SHA256', HashValue: file.sha256 },
            ...(detail.pdq?.hash ? [{ MD5: file.md5, HashName: 'PDQ', HashValue: detail.pdq.hash }] : []),
          ],
        });
      }
      const json = {
        'odata.metadata': VICS_CONTEXT,
        value: [
          {
            'odata.id': 'Cases(1)',
            CaseID: caseId,
            CaseNumber: title,
            SourceApplicationName: 'Custody',
            ContactName: vault.user.name,
            TotalMediaFiles: media.length,
            Media: media,
          },
        ],
      };
      await sink.add(document, `${JSON.stringify(json, null, 2)}\n`);
      return media.length;
    },
  );
  return { path: outcome.path, document, media: outcome.result };
}
