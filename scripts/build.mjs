// Builds everything the app and the CLI run from: main and preload with esbuild (the preload as one
// self-contained CommonJS file that requires nothing but electron), the CLI, and the renderer with Vite.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { build as viteBuild } from 'vite';

/** Native modules ship N-API binaries inside their packages and are loaded from node_modules at run time. */
const nativeModules = ['better-sqlite3-multiple-ciphers', 'sharp', '@node-rs/argon2'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { 'main/index': 'main/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron', ...nativeModules],
  }),
  build({
    ...common,
    entryPoints: { 'preload/preload': 'preload/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    sourcemap: false,
  }),
  build({
    ...common,
    entryPoints: { 'cli/custody': 'main/cli/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: nativeModules,
  }),
  viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' }),
]);
console.log('Built dist/main, dist/preload, dist/cli and dist/renderer.');
