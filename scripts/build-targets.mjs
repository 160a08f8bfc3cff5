// The esbuild targets of `npm run build`, shared with the test that checks the preload bundle.

/** Native modules ship N-API binaries inside their packages and are loaded from node_modules at run time. */
// libxml2-wasm is an ES module with top-level await (its WebAssembly is embedded): loaded at run time, never bundled.
export const nativeModules = [
  'better-sqlite3-multiple-ciphers',
  'sharp',
  '@node-rs/argon2',
  'sodium-native',
  'libxml2-wasm',
  // libheif compiled to WebAssembly (HEIC decoding): loaded from node_modules when a HEIC arrives.
  'libheif-js/wasm-bundle',
];

/**
 * In the ES-module CLI, the CommonJS native modules are loaded with require(), as the CommonJS bundles do:
 * Node's import of a CommonJS package takes a slower path (about 100 ms more for sharp, in every thread
 * that loads it). Each becomes a one-line module re-exporting require(name), which the CLI banner supplies.
 */
const requireCommonJsNatives = {
  name: 'require-commonjs-natives',
  setup(build) {
    const names = nativeModules.filter((name) => name !== 'libxml2-wasm');
    const filter = new RegExp(`^(${names.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.kind === 'require-call'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'commonjs-native' },
    );
    build.onLoad({ filter: /.*/, namespace: 'commonjs-native' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/** PDQ hashing runs in worker threads; each bundle that hashes gets the worker script beside it. */
const pdqWorker = 'main/core/matching/pdq/pdq-worker.ts';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // The PDQ worker pool finds its script beside the bundle through __filename; import.meta is only its
  // fallback for ESM sources, so esbuild's "empty import.meta" warning does not apply.
  logOverride: { 'empty-import-meta': 'silent' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
};

export const targets = {
  main: {
    ...common,
    entryPoints: { 'main/index': 'main/index.ts', 'main/pdq-worker': pdqWorker },
    external: ['electron', ...nativeModules],
  },
  // A sandboxed preload cannot require anything but electron: everything else is bundled in.
  preload: {
    ...common,
    entryPoints: { 'preload/preload': 'preload/index.ts' },
    external: ['electron'],
    sourcemap: false,
  },
  // The CLI is ES modules split into chunks, so a command loads only its own code: `custody --help` reads
  // one small file, `custody pdq` never reads the vault or the CyberTipline code. Chunks sit beside the entry
  // (the PDQ pool finds its worker, and the NCMEC schema lookup the project root, relative to them).
  // Bundled CommonJS dependencies (node-forge) call require() for Node's built-ins, and the native modules
  // are required (see requireCommonJsNatives): the banner gives every chunk a real require().
  cli: {
    ...common,
    format: 'esm',
    splitting: true,
    entryPoints: { 'cli/custody': 'main/cli/bin.ts', 'cli/pdq-worker': pdqWorker },
    chunkNames: 'cli/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: {
      js: "import { createRequire as __custodyRequire } from 'node:module';\nconst require = __custodyRequire(import.meta.url);",
    },
    external: nativeModules,
    plugins: [requireCommonJsNatives],
  },
};
