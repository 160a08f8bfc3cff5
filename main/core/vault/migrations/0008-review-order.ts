// The review queue's order as an indexed key, so a page of 100,000 items is an index range, not a sort:
// review_rank 0 for items with an unsuppressed known-bank match (shown first), 1 for the rest.
import type { Migration } from './migration';

export const migration0008: Migration = {
  version: 8,
  name: 'review-order',
  up(db) {
    db.exec(`
      ALTER TABLE items ADD COLUMN review_rank INTEGER NOT NULL DEFAULT 1;
      UPDATE items SET review_rank = 0 WHERE EXISTS (
        SELECT 1 FROM matches m WHERE m.item_id = items.id AND m.bank_kind = 'known' AND m.suppressed_by IS NULL
      );
      CREATE INDEX items_review_order ON items(review_rank, ingested_at, id) WHERE shredded_at IS NULL;
    `);
  },
};
