// Runs FFmpeg and ffprobe on untrusted video: always in a separate child process, with a wall-clock limit
// (SIGKILL when it passes), an address-space limit, no network protocols, no stdin and a bare environment.
// It never decodes in this process and never lets a child outlive its limit.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CustodyError } from '../errors';

/** Why a video could not be read: shown to the reviewer and kept with the item. */
export class VideoDecodeError extends CustodyError {
  constructor(
    readonly reason: 'no-decoder' | 'timeout' | 'memory' | 'unreadable',
    message: string,
  ) {
    super('INVALID_INPUT', message);
  }
}

export interface VideoTools {
  ffmpeg: string;
  ffprobe: string;
}

export interface ChildLimits {
  /** Wall-clock limit; the child is killed when it passes. */
  timeoutMs: number;
  /** Address-space limit of the child, in bytes. */
  memoryBytes: number;
}

export const DEFAULT_LIMITS: ChildLimits = { timeoutMs: 120_000, memoryBytes: 2 * 1024 ** 3 };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * FFmpeg and ffprobe: `CUSTODY_FFMPEG` (the ffmpeg binary; ffprobe beside it) when set, else both on the
 * PATH. A packaged app sets CUSTODY_FFMPEG to the copy it ships, or the user installs FFmpeg (README).
 */
export function findVideoTools(env: NodeJS.ProcessEnv = process.env): VideoTools {
  const chosen = env.CUSTODY_FFMPEG;
  if (chosen) {
    const ffprobe = join(chosen, '..', process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
    if (executable(chosen) && executable(ffprobe)) return { ffmpeg: chosen, ffprobe };
    throw new VideoDecodeError(
      'no-decoder',
      `CUSTODY_FFMPEG is ${chosen}, but it (or ffprobe beside it) is not an executable file.`,
    );
  }
  const found = (name: string) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, name))
      .find(executable);
  const ffmpeg = found('ffmpeg');
  const ffprobe = found('ffprobe');
  if (!ffmpeg || !ffprobe) {
    throw new VideoDecodeError(
      'no-decoder',
      'FFmpeg was not found: install it (Debian: apt-get install ffmpeg) or set CUSTODY_FFMPEG to the ffmpeg binary.',
    );
  }
  return { ffmpeg, ffprobe };
}

/** Arguments every FFmpeg and ffprobe run gets: quiet, only local files (no network protocol can be opened). */
export const SAFE_INPUT_ARGS = ['-hide_banner', '-loglevel', 'error', '-protocol_whitelist', 'file'];

export interface ChildRun {
  /** Resolves with what the child reported on stderr (last 4 KB) when it exits 0; rejects with VideoDecodeError otherwise. */
  done: Promise<string>;
  /** Kills the child at once. */
  kill(): void;
}

/**
 * Starts `binary args` under the limits; stdout goes to `onStdout` (pause the child by returning a promise),
 * stderr is kept (last 4 KB) for the error message.
 */
export function runLimited(
  binary: string,
  args: readonly string[],
  limits: ChildLimits,
  onStdout: (chunk: Buffer) => void | Promise<void>,
): ChildRun {
  const kb = Math.floor(limits.memoryBytes / 1024);
  const child =
    process.platform === 'win32'
      ? spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
      : spawn('/bin/sh', ['-c', `ulimit -v ${kb} && exec "$0" "$@"`, binary, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' },
        });
  let stderr = '';
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, limits.timeoutMs);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-4096);
  });
  let consumer: Promise<void> = Promise.resolve();
  child.stdout.on('data', (chunk: Buffer) => {
    const pending = onStdout(chunk);
    if (pending) {
      child.stdout.pause();
      consumer = consumer.then(() => pending).finally(() => child.stdout.resume());
    }
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new VideoDecodeError('no-decoder', `${binary} could not be started: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void consumer.then(
        () => {
          if (code === 0) return resolve(stderr.trim());
          const detail = stderr.trim().split('\n').slice(-3).join(' | ');
          if (timedOut) {
            return reject(
              new VideoDecodeError(
                'timeout',
                `Decoding took longer than ${limits.timeoutMs / 1000} s and was stopped.`,
              ),
            );
          }
          if (/Cannot allocate memory|out of memory|std::bad_alloc/i.test(stderr)) {
            return reject(
              new VideoDecodeError(
                'memory',
                `Decoding needed more than ${Math.round(limits.memoryBytes / 1024 ** 2)} MiB and was stopped.`,
              ),
            );
          }
          reject(
            new VideoDecodeError(
              'unreadable',
              `The video could not be decoded (${signal ?? `exit ${code}`})${detail ? `: ${detail}` : '.'}`,
            ),
          );
        },
        (error: unknown) => {
          child.kill('SIGKILL');
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}
