// Builds everything the app and the CLI run from: main and preload with esbuild (the preload as one
// self-contained CommonJS file that requires nothing but electron), the CLI (ES modules split by command,
// see build-targets.mjs), and the renderer with Vite. `--packaged` (what `npm run dist` runs) defines
// __CUSTODY_PACKAGED__ true everywhere: development stand-ins (shared/build-flags.ts) are left out.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { build as viteBuild } from 'vite';
import { targets } from './build-targets.mjs';

const { version } = JSON.parse(await readFile('package.json', 'utf8'));
const packaged = process.argv.includes('--packaged');
const define = {
  __CUSTODY_VERSION__: JSON.stringify(version),
  __CUSTODY_PACKAGED__: JSON.stringify(packaged),
};

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...targets.main, define }),
  build({ ...targets.preload, define }),
  build({ ...targets.cli, define }),
  viteBuild({
    configFile: 'renderer/vite.config.ts',
    logLevel: 'warn',
    define: { __CUSTODY_PACKAGED__: JSON.stringify(packaged) },
  }),
]);
console.log(`Built dist/main, dist/preload, dist/cli and dist/renderer${packaged ? ' (packaged)' : ''}.`);
