// NCMEC credentials stay with their endpoint (security review, finding 11): a password given for one
// environment is never sent to another (switching needs that environment's own password), and a packaged
// build (built with __CUSTODY_PACKAGED__ true, as `npm run dist` does) has no plain-http `local` stand-in.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { configuredClient, configureNcmec } from '../../main/core/cybertip/ncmec-settings';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A loopback listener that records the credentials each request carries. */
async function listener(): Promise<{ endpoint: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    const auth = request.headers.authorization ?? '';
    seen.push(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8'));
    response.writeHead(500).end();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ispws`, seen };
}

describe('NCMEC credentials per endpoint', () => {
  it('never reuse one environment’s password for another', async () => {
    const { vault } = await createTestVault(tempDir);
    const local = await listener();
    configureNcmec(vault, {
      environment: 'production',
      username: 'esp-prod-user',
      password: 'PROD-SECRET-pw',
      confirmProduction: true,
    });
    expect(() =>
      configureNcmec(vault, { environment: 'local', username: 'esp-prod-user', endpoint: local.endpoint }),
    ).toThrow(
      /Give the NCMEC password for http:\/\/127\.0\.0\.1:\d+\/ispws: the stored password is only ever sent to https:/,
    );
    expect(() => configureNcmec(vault, { environment: 'test', username: 'esp-prod-user' })).toThrow(
      /Give the NCMEC password for https:/,
    );
    // Still production, with production's password.
    expect(configuredClient(vault).baseUrl).toMatch(/^https:/);

    configureNcmec(vault, {
      environment: 'local',
      username: 'stand-in',
      password: 'local-pw',
      endpoint: local.endpoint,
    });
    await configuredClient(vault)
      .status()
      .catch(() => undefined);
    expect(local.seen).toEqual(['stand-in:local-pw']);
    // The same endpoint keeps its own password; another port on loopback is another endpoint.
    configureNcmec(vault, { environment: 'local', username: 'stand-in', endpoint: local.endpoint });
    const other = await listener();
    expect(() =>
      configureNcmec(vault, { environment: 'local', username: 'stand-in', endpoint: other.endpoint }),
    ).toThrow(/Give the NCMEC password/);
    expect(() =>
      configureNcmec(vault, {
        environment: 'production',
        username: 'esp-prod-user',
        confirmProduction: true,
      }),
    ).toThrow(/Give the NCMEC password for https:/);
    expect(other.seen).toEqual([]);
    vault.lock();
  });

  it('a stored password moved to another endpoint behind the core’s back does not open', async () => {
    const { vault } = await createTestVault(tempDir);
    const local = await listener();
    configureNcmec(vault, { environment: 'test', username: 'esp', password: 'TEST-pw' });
    vault.db
      .prepare(`UPDATE ncmec_settings SET environment = 'local', endpoint = ? WHERE id = 1`)
      .run(local.endpoint);
    expect(() => configuredClient(vault)).toThrow();
    expect(local.seen).toEqual([]);
    vault.lock();
  });
});

describe('the packaged-build flag', () => {
  it('removes the local environment from the contract and the core; a development build keeps it', async () => {
    const root = await tempDir();
    const probe = join(root, 'probe.ts');
    await writeFile(
      probe,
      [
        `import { contract } from ${JSON.stringify(resolve('shared/contract'))};`,
        `import { availableNcmecEnvironments } from ${JSON.stringify(resolve('shared/cases'))};`,
        `import { packagedBuild } from ${JSON.stringify(resolve('shared/build-flags'))};`,
        `const local = contract['ncmec.configure'].request.safeParse({ environment: 'local', username: 'u', endpoint: 'http://127.0.0.1:1/x' });`,
        `console.log(JSON.stringify({ packagedBuild, environments: availableNcmecEnvironments, local: local.success }));`,
      ].join('\n'),
    );
    const run = async (define: Record<string, string>) => {
      const out = join(root, `probe-${Object.keys(define).length}.cjs`);
      await build({
        entryPoints: [probe],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: out,
        define,
        logLevel: 'silent',
      });
      return JSON.parse(execFileSync(process.execPath, [out], { encoding: 'utf8' })) as unknown;
    };
    expect(await run({ __CUSTODY_PACKAGED__: 'true' })).toEqual({
      packagedBuild: true,
      environments: ['test', 'production'],
      local: false,
    });
    expect(await run({})).toEqual({
      packagedBuild: false,
      environments: ['test', 'production', 'local'],
      local: true,
    });
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.dist).toContain('scripts/build.mjs --packaged');
  });
});
