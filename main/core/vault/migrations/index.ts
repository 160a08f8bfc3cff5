// Every migration, in order. Add a new numbered file and list it here; never edit a released one.
import { migration0001 } from './0001-initial';
import type { Migration } from './migration';

export const migrations: readonly Migration[] = [migration0001];
