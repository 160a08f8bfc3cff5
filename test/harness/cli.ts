// `npm run harness`: starts the harness on the built renderer with a vaults folder (a temp folder unless
// CUSTODY_VAULTS_ROOT says otherwise) and prints the URL to open.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { startHarness } from './server';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const vaultsRoot = process.env.CUSTODY_VAULTS_ROOT ?? (await mkdtemp(join(tmpdir(), 'custody-harness-')));
const harness = await startHarness({
  rendererRoot: resolve('dist/renderer'),
  vaultsRoot,
  stateDir: join(vaultsRoot, '.state'),
  version,
  port: process.env.CUSTODY_HARNESS_PORT ? Number(process.env.CUSTODY_HARNESS_PORT) : 0,
});
console.log(`Custody harness (test tool, not the app). Vaults in ${vaultsRoot}`);
console.log(`Open: ${harness.url}`);
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
