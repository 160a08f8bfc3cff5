// Public surface of projections: `verify`'s check that the security-relevant tables agree with the ledger.
// It replays the ledger once and asks each owning module for its rows through that module's index.ts; it
// never issues SQL and never changes a table.
import type { Vault } from '../identity';
import { peerOriginRows } from '../sync/merge';
import { bankDifferences } from './banks';
import { caseDifferences } from './cases';
import { holdDifferences } from './holds';
import { itemDifferences } from './items';
import { replayLedger } from './replay';
import { submissionDifferences } from './submissions';
import { userDifferences } from './users';

/** Every row that disagrees with the ledger, named by table and row; empty when they all agree. */
export function projectionDifferences(vault: Vault): string[] {
  const state = replayLedger(vault);
  const peers = peerOriginRows(vault);
  return [
    ...userDifferences(vault, state, peers),
    ...bankDifferences(vault, state),
    ...itemDifferences(vault, state, peers),
    ...caseDifferences(vault, state, peers),
    ...submissionDifferences(vault, state),
    ...holdDifferences(vault, state, peers),
  ];
}
