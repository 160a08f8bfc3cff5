// Runs the real `custody` CLI in a child process, built from source once per test process, so tests see
// exactly what a user's shell sees: stdout, stderr and the exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { targets } from '../../scripts/build-targets.mjs';

let built: Promise<string> | null = null;

export function cliBundle(): Promise<string> {
  built ??= (async () => {
    // Inside the repository, so the bundle finds node_modules and resources/ the way dist/cli does.
    const outdir = resolve('test-results/cli-bundle');
    await build({ ...targets.cli, outdir, logLevel: 'silent', sourcemap: false });
    return join(outdir, 'cli', 'custody.mjs');
  })();
  return built;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  passphrase?: string;
}

function childEnv(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  if (options.passphrase !== undefined) env.CUSTODY_PASSPHRASE = options.passphrase;
  return env;
}

export async function startCli(args: string[], options: CliOptions = {}): Promise<ChildProcess> {
  return spawn(process.execPath, [await cliBundle(), ...args], {
    env: childEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = await startCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}
