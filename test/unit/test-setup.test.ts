// What the tests stand on: scripts/test-tools.mjs finds the outside tools, installs their Debian packages
// as root with apt-get, and otherwise stops naming the one command to run; a missing fixture or tool fails
// with a message naming it. The script runs in a child process with a PATH built here and a fake apt-get.
import { spawnSync } from 'node:child_process';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable, installCommand, plan, TOOLS, toolPath } from '../../scripts/test-tools.mjs';
import { fixture } from '../support/fixtures';
import { useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();
const script = join(process.cwd(), 'scripts', 'test-tools.mjs');

/**
 * A folder to use as the whole PATH: links to the real tools except `without`, and an apt-get that logs its
 * arguments and, for `install`, puts links to the real tools in the folder (or fails, when told to).
 */
async function fakePath(without: string[], apt: 'installs' | 'fails'): Promise<{ dir: string; log: string }> {
  const dir = await tempDir();
  const log = join(dir, 'apt-get.log');
  for (const tool of TOOLS) {
    const real = toolPath(tool.command, { PATH: process.env.PATH ?? '' });
    if (real === null) throw new Error(`${tool.command} must be installed to test the script.`);
    if (!without.includes(tool.command)) await symlink(real, join(dir, tool.command));
  }
  const ln = findExecutable('ln');
  const links = without
    .map((command) => `${ln} -s ${toolPath(command, { PATH: process.env.PATH ?? '' })} ${join(dir, command)}`)
    .join('\n');
  await writeFile(
    join(dir, 'apt-get'),
    `#!/bin/sh\necho "$*" >> ${log}\n` +
      (apt === 'fails' ? 'exit 100\n' : `if [ "$1" = install ]; then\n${links}\nfi\n`),
    { mode: 0o755 },
  );
  return { dir, log };
}

function runScript(path: string, root: '0' | '1') {
  return spawnSync(process.execPath, [script], {
    env: { PATH: path, CUSTODY_TEST_TOOLS_ROOT: root },
    encoding: 'utf8',
  });
}

async function aptCalls(log: string): Promise<string[]> {
  return (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
}

describe('scripts/test-tools.mjs', () => {
  it('says nothing and exits 0 when every tool is there', async () => {
    const { dir, log } = await fakePath([], 'installs');
    const result = runScript(dir, '0');
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(await aptCalls(log)).toEqual([]);
  });

  it('without root, stops at once naming the missing tools and the one command to run', async () => {
    const { dir, log } = await fakePath(['xmllint', 'certtool'], 'installs');
    const result = runScript(dir, '0');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('xmllint (Debian package libxml2-utils)');
    expect(result.stderr).toContain('certtool (Debian package gnutls-bin)');
    expect(result.stderr).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends libxml2-utils gnutls-bin',
    );
    expect(result.stderr).not.toMatch(/openssl|chromium/);
    expect(await aptCalls(log)).toEqual([]);
  });

  it('as root with apt-get, installs only the missing packages and checks again', async () => {
    const { dir, log } = await fakePath(['xmllint', 'hfind'], 'installs');
    const result = runScript(dir, '1');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'Installing the tools the tests need from Debian: libxml2-utils sleuthkit',
    );
    expect(await aptCalls(log)).toEqual([
      'update -qq',
      'install -y -qq --no-install-recommends libxml2-utils sleuthkit',
    ]);
  });

  it('as root, exits 1 when apt-get fails', async () => {
    const { dir } = await fakePath(['age'], 'fails');
    const result = runScript(dir, '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apt-get could not install age');
  });

  it('finds Chromium through CUSTODY_CHROMIUM first, and says when that is not a program', async () => {
    const { dir } = await fakePath([], 'installs');
    expect(toolPath('chromium', { PATH: dir })).toBe(join(dir, 'chromium'));
    expect(toolPath('chromium', { PATH: '', CUSTODY_CHROMIUM: join(dir, 'chromium') })).toBe(
      join(dir, 'chromium'),
    );
    expect(toolPath('chromium', { PATH: dir, CUSTODY_CHROMIUM: join(dir, 'apt-get.log') })).toBeNull();
    const result = spawnSync(process.execPath, [script], {
      env: { PATH: dir, CUSTODY_TEST_TOOLS_ROOT: '0', CUSTODY_CHROMIUM: '/nowhere/chromium' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'CUSTODY_CHROMIUM is set to /nowhere/chromium, which is not an executable',
    );
  });

  it.each([
    [{ root: false, aptGet: true }, 'stop'],
    [{ root: true, aptGet: false }, 'stop'],
    [{ root: true, aptGet: true }, 'install'],
  ] as const)('plans %o: %s', (where, action) => {
    const missing = TOOLS.filter((tool) => tool.command === 'openssl');
    expect(plan(missing, where)).toMatchObject({ action, packages: ['openssl'] });
    expect(plan([], where)).toEqual({ action: 'none' });
  });

  it('names the command with sudo only for a user who is not root', () => {
    expect(installCommand(['age'], { root: false })).toBe(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends age',
    );
    expect(installCommand(['age'], { root: true })).toBe(
      'apt-get update && apt-get install -y --no-install-recommends age',
    );
  });
});

describe('a missing fixture or tool', () => {
  it('fails naming the path, never skips', () => {
    expect(() => fixture('pdq', 'no-such-vector.jsonl')).toThrow(
      /The test fixture .*test\/fixtures\/pdq\/no-such-vector\.jsonl is missing/,
    );
    expect(fixture('pdq', 'README.md')).toMatch(/test\/fixtures\/pdq\/README\.md$/);
  });

  it('fails naming the tool and the command that installs it', () => {
    expect(() => requireTool('custody-no-such-tool')).toThrow(/not a tool listed/);
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      expect(() => requireTool('xmllint')).toThrow(
        'xmllint (Debian package libxml2-utils) is not installed; it checks CyberTipline XML against the XSD. ' +
          'Run `npm run test:tools`: it installs it, or names the command that does.',
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
