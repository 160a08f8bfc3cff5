// What a decision rests on, gathered by the core when the decision is recorded (never taken from the
// caller): per item, its known-bank matches with bank and version, the decider's own reveals of it (from
// the ledger), and its category and annotations as last recorded. Reads only; writes nothing.
import { posix } from 'node:path';
import type { DecisionEvidence, SubjectKind } from '../../../shared/decisions';
import {
  annotations as annotationNames,
  categories,
  type Annotation,
  type Category,
} from '../../../shared/review';
import { NotFoundError } from '../errors';
import type { Vault } from '../identity';
import { knownMatches } from '../matching';
import { caseReport, caseReportFiles, itemFacts } from '../review';

export type ItemEvidence = DecisionEvidence['items'][number];

/** The item's category and annotations as its latest `item.categorize` entry records them. */
function lastCategorisation(vault: Vault, itemId: string): Pick<ItemEvidence, 'category' | 'annotations'> {
  const [entry] = vault.ledger.entriesFor(itemId, 'item.categorize', 1);
  const category = categories.find((c) => c === entry?.details.category) ?? null;
  const notes = Array.isArray(entry?.details.annotations) ? entry.details.annotations : [];
  return {
    category: category as Category | null,
    annotations: notes.filter((n): n is Annotation => annotationNames.includes(n as Annotation)),
  };
}

function itemEvidence(vault: Vault, itemId: string, fileName: string, deciderId: string): ItemEvidence {
  return {
    itemId,
    fileName,
    matches: knownMatches(vault, itemId)
      .filter((m) => !m.suppressedBy)
      .map((m) => ({
        algorithm: m.algorithm,
        distance: m.distance,
        bank: m.bank,
        bankVersion: m.bankVersion,
        value: m.value,
      })),
    reveals: vault.ledger
      .entriesFor(itemId, 'item.reveal')
      .filter((entry) => entry.actor === deciderId)
      .map((entry) => entry.seq),
    ...lastCategorisation(vault, itemId),
  };
}

/** The items a subject stands for: the item itself, or a case's items that are not shredded. */
export function subjectItems(
  vault: Vault,
  kind: SubjectKind,
  subjectId: string,
): { name: string; items: Array<{ itemId: string; fileName: string }> } {
  if (kind === 'case') {
    const { title } = caseReport(vault, subjectId);
    const items = caseReportFiles(vault, subjectId).map((f) => ({
      itemId: f.itemId,
      fileName: posix.basename(f.entry.path),
    }));
    return { name: title, items };
  }
  const facts = itemFacts(vault, subjectId);
  if (!facts || facts.shreddedAt) throw new NotFoundError(`There is no item ${subjectId} in this vault.`);
  return { name: facts.displayName, items: [{ itemId: facts.id, fileName: facts.displayName }] };
}

/** The evidence a decision by `deciderId` on the subject rests on, as the vault holds it now. */
export function gatherEvidence(
  vault: Vault,
  kind: SubjectKind,
  subjectId: string,
  deciderId: string,
): { name: string; evidence: DecisionEvidence } {
  const { name, items } = subjectItems(vault, kind, subjectId);
  return {
    name,
    evidence: { items: items.map((i) => itemEvidence(vault, i.itemId, i.fileName, deciderId)) },
  };
}
