// Every migration, in order. Add a new numbered file and list it here; never edit a released one.
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-evidence';
import { migration0003 } from './0003-ledger';
import { migration0004 } from './0004-matching';
import { migration0005 } from './0005-review';
import { migration0006 } from './0006-cases';
import { migration0007 } from './0007-organisation';
import { migration0008 } from './0008-review-order';
import { migration0009 } from './0009-submissions';
import { migration0010 } from './0010-ncmec-settings';
import { migration0011 } from './0011-user-keys';
import { migration0012 } from './0012-submission-flight';
import { migration0013 } from './0013-exports';
import { migration0014 } from './0014-pdq-frames';
import { migration0015 } from './0015-matching-complete';
import { migration0016 } from './0016-decisions';
import { migration0017 } from './0017-preservation';
import { migration0018 } from './0018-case-files';
import { migration0019 } from './0019-desk';
import { migration0020 } from './0020-case-transcripts';
import { migration0021 } from './0021-sync-merge';
import { migration0022 } from './0022-sync';
import { migration0023 } from './0023-keyframes';
import { migration0024 } from './0024-vpdq';
import { migration0025 } from './0025-pdq-segment-blobs';
import { migration0026 } from './0026-hold-decisions';
import { migration0027 } from './0027-peer-holds';
import type { Migration } from './migration';

export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
  migration0023,
  migration0024,
  migration0025,
  migration0026,
  migration0027,
];
