// Who is sending a submission right now: the run that owns it (a random id), its process and host, and
// until when its lease holds (renewed while it runs). A second runner anywhere, in this process or another
// one sharing the vault, sees the row owned and stays away; a crashed owner's lease lapses.
import type { Migration } from './migration';

export const migration0012: Migration = {
  version: 12,
  name: 'submission-flight',
  up(db) {
    db.exec(`
      ALTER TABLE submissions ADD COLUMN flight_owner TEXT;
      ALTER TABLE submissions ADD COLUMN flight_pid INTEGER;
      ALTER TABLE submissions ADD COLUMN flight_host TEXT;
      ALTER TABLE submissions ADD COLUMN flight_lease_until TEXT;
    `);
  },
};
