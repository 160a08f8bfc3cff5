// A case's chat transcripts as the reviewer reads them: parsed from the stored (hashed) copy, never from
// the file on disk, with each attachment resolved to the case item it names. Reading one is viewing
// evidence: it is recorded (`item.view`, transcript) like any other view.
import { transcriptSchema, type Transcript } from '../../../shared/transcript';
import { NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { readItemOriginal } from './item-store';

export type CaseTranscript =
  | { itemId: string; path: string; ok: true; transcript: Transcript; attachments: Record<string, string> }
  | { itemId: string; path: string; ok: false; problem: string };

interface TranscriptRow {
  item_id: string;
  path: string;
  shredded_at: string | null;
}

export async function caseTranscripts(vault: Vault, caseId: string): Promise<CaseTranscript[]> {
  requireRole(vault, 'item.read');
  if (!vault.db.prepare('SELECT 1 FROM cases WHERE id = ?').get(caseId)) {
    throw new NotFoundError(`There is no case ${caseId} in this vault.`);
  }
  const rows = vault.db
    .prepare(
      `SELECT t.item_id, t.path, i.shredded_at FROM case_transcripts t
       JOIN items i ON i.id = t.item_id WHERE t.case_id = ? ORDER BY t.position`,
    )
    .all(caseId) as TranscriptRow[];
  const attachments = Object.fromEntries(
    (
      vault.db
        .prepare(
          `SELECT ci.item_id, ci.file FROM case_items ci JOIN items i ON i.id = ci.item_id
           WHERE ci.case_id = ? AND i.shredded_at IS NULL`,
        )
        .all(caseId) as Array<{ item_id: string; file: string }>
    ).map((row) => [(JSON.parse(row.file) as { path: string }).path, row.item_id]),
  );
  const shown: CaseTranscript[] = [];
  for (const row of rows) {
    if (row.shredded_at) {
      shown.push({
        itemId: row.item_id,
        path: row.path,
        ok: false,
        problem: 'This transcript was shredded.',
      });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse((await readItemOriginal(vault, row.item_id)).toString('utf8'));
    } catch (error) {
      shown.push({
        itemId: row.item_id,
        path: row.path,
        ok: false,
        problem: `Not readable JSON: ${(error as Error).message}`,
      });
      continue;
    }
    const parsed = transcriptSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      shown.push({
        itemId: row.item_id,
        path: row.path,
        ok: false,
        problem: `Not a custody-transcript/1 document (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}).`,
      });
      continue;
    }
    shown.push({ itemId: row.item_id, path: row.path, ok: true, transcript: parsed.data, attachments });
  }
  if (rows.length > 0) {
    vault.record(
      'item.view',
      rows.map((row) => row.item_id),
      { variant: 'transcript', case: caseId },
    );
  }
  return shown;
}
