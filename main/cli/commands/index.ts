// Every CLI command, in the order `custody --help` lists them.
import type { Command } from '../io';
import { init } from './init';
import { user } from './user';

export const commands: readonly Command[] = [init, user];
