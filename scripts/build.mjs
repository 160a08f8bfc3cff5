// Builds everything the app and the CLI run from: main and preload with esbuild (the preload as one
// self-contained CommonJS file that requires nothing but electron), the CLI (ES modules split by command,
// see build-targets.mjs), and the renderer with Vite.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { build as viteBuild } from 'vite';
import { targets } from './build-targets.mjs';

const { version } = JSON.parse(await readFile('package.json', 'utf8'));
const define = { __CUSTODY_VERSION__: JSON.stringify(version) };

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...targets.main, define }),
  build({ ...targets.preload, define }),
  build({ ...targets.cli, define }),
  viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' }),
]);
console.log('Built dist/main, dist/preload, dist/cli and dist/renderer.');
