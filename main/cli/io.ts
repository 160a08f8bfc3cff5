// What every CLI command shares: parsing flags, getting a passphrase (TTY prompt, CUSTODY_PASSPHRASE or
// --passphrase-file), and turning errors into one clear line on stderr with the right exit code.
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ErrorCode } from '../../shared/errors';
import { CustodyError, databaseDamage } from '../core/errors';

/** Bad usage: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A check that ran and failed (verification, a refused passphrase): exit 1. */
export class CheckFailed extends Error {}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  stdinIsTty: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stdinIsTty: Boolean(process.stdin.isTTY),
};

/** What a command module exports: what runs. Its name, summary and usage are in the listing (commands/). */
export interface Command {
  run(args: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}`);
  }
}

export function requireString(value: string | boolean | undefined, flag: string, usage: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new UsageError(`${flag} is required.\nusage: ${usage}`);
  return value;
}

async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new UsageError('Cancelled.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export const passphraseOptions = { 'passphrase-file': { type: 'string' } } as const;

/**
 * The passphrase, from --passphrase-file (first line), CUSTODY_PASSPHRASE, or a TTY prompt, in that order.
 * `envName` lets a command read a second passphrase (e.g. the new one for `user passwd`).
 */
export async function readPassphrase(
  io: Io,
  source: { file?: string | undefined; envName?: string; prompt: string },
): Promise<string> {
  if (source.file) {
    const text = await readFile(source.file, 'utf8').catch(() => {
      throw new UsageError(`Cannot read the passphrase file ${source.file}.`);
    });
    return text.split(/\r?\n/, 1)[0] ?? '';
  }
  const fromEnv = io.env[source.envName ?? 'CUSTODY_PASSPHRASE'];
  if (fromEnv !== undefined) return fromEnv;
  if (!io.stdinIsTty) {
    throw new UsageError(
      `No passphrase: set ${source.envName ?? 'CUSTODY_PASSPHRASE'}, pass --passphrase-file, or run in a terminal.`,
    );
  }
  return promptHidden(source.prompt);
}

/**
 * The exit code of each core error (DESIGN: 1 a failed check, 2 bad usage). A refusal of what was asked,
 * a remote service that failed and a stopped submission are failed checks; input that is wrong is usage.
 */
const exitCodes: Readonly<Record<ErrorCode, 1 | 2>> = {
  UNKNOWN_CHANNEL: 2,
  BAD_REQUEST: 2,
  INVALID_INPUT: 2,
  FORBIDDEN: 1,
  VAULT_LOCKED: 1,
  VAULT_NOT_FOUND: 1,
  VAULT_EXISTS: 1,
  VAULT_BUSY: 1,
  WRONG_PASSPHRASE: 1,
  UNKNOWN_USER: 1,
  NOT_FOUND: 1,
  TAMPER_DETECTED: 1,
  REMOTE_UNAVAILABLE: 1,
  REMOTE_AMBIGUOUS: 1,
  STOPPED: 1,
  INTERNAL: 1,
  UNLOCK_THROTTLED: 1,
};

/** Runs the command `name` and maps its outcome to an exit code: 0 ok, 1 failed check, 2 bad usage. */
export async function runCommand(name: string, command: Command, args: string[], io: Io): Promise<number> {
  try {
    return await command.run(args, io);
  } catch (thrown) {
    const error = databaseDamage(thrown) ?? thrown;
    if (error instanceof UsageError) {
      io.err(`custody ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof CustodyError || error instanceof CheckFailed) {
      io.err(`custody ${name}: ${error.message}`);
      return error instanceof CustodyError ? exitCodes[error.code] : 1;
    }
    io.err(`custody ${name}: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
