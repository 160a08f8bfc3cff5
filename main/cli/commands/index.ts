// Every CLI command, in the order `custody --help` lists them.
import type { Command } from '../io';
import { banks } from './banks';
import { caseCommand } from './case';
import { ingest } from './ingest';
import { init } from './init';
import { log } from './log';
import { match } from './match';
import { org } from './org';
import { pdq } from './pdq';
import { report } from './report';
import { shred } from './shred';
import { user } from './user';
import { verify } from './verify';

export const commands: readonly Command[] = [
  init,
  user,
  ingest,
  verify,
  shred,
  caseCommand,
  banks,
  match,
  log,
  pdq,
  report,
  org,
];
