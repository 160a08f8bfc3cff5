// Which core module owns each table of the vault database: the one statement of it. Only the owner
// (main/core/<module>/) issues SQL on its tables; everyone else calls the owner's verbs through its
// index.ts. The custody/sql-ownership lint rule reads this map; migrations create every table and are exempt.
export const tableOwners = {
  // sqlite_master is the database's own catalogue, read to check the key opens it.
  vault: ['meta', 'blobs', 'sqlite_master', 'exports'],
  identity: ['users', 'key_slot_digests', 'signing_keys', 'organisation_identity', 'organisation_key_seals'],
  ledger: ['ledger_entries', 'ledger_subjects', 'ledger_head', 'checkpoints'],
  matching: [
    'banks',
    'bank_hashes',
    'bank_import_problems',
    'item_pdq',
    'item_pdq_frames',
    'matches',
    'item_pdq_dihedral',
    'rematch_queue',
    'pdq_segments',
    // Not a vault table: the FILE view of an NSRL RDS v3 database, read from the file being imported.
    'file',
    // vPDQ (migration 0024): video items' frame hashes and the videos of vPDQ banks.
    'item_vpdq',
    'item_vpdq_frames',
    'bank_vpdq_videos',
  ],
  // The evidence items are review's (DESIGN: "review/ cases, items, categories"): the review queue reads
  // items, categories and display copies in one indexed query; media's ingest hands new items over.
  review: [
    'items',
    'item_sources',
    'derivatives',
    'derivative_failures',
    'item_categories',
    'user_settings',
    'cases',
    'case_items',
    'case_transcripts',
    'keyframes',
    // Peers' cases and their items here (migration 0027): kept apart from this vault's own cases.
    'peer_cases',
    'peer_case_items',
  ],
  cybertip: ['submissions', 'submission_files', 'ncmec_settings'],
  decisions: ['decisions', 'gate_policies', 'appeals', 'quality_sampling'],
  preservation: [
    'legal_holds',
    'legal_hold_scope',
    'retention_extensions',
    'retention_policies',
    'preservation_packages',
    'legal_hold_decisions',
  ],
  sync: [
    'merge_entries',
    'merge_peer_items',
    'merge_facts',
    'merge_conflicts',
    'merge_conflict_sides',
    'sync_identity',
    'sync_roster',
    'sync_replica_entries',
    'sync_replica_subjects',
    'sync_replica_heads',
    'sync_acks',
    'sync_cosignatures',
  ],
};
