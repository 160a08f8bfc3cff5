// The esbuild targets of `npm run build`, shared with the test that checks the preload bundle.

/** Native modules ship N-API binaries inside their packages and are loaded from node_modules at run time. */
export const nativeModules = ['better-sqlite3-multiple-ciphers', 'sharp', '@node-rs/argon2', 'sodium-native'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
};

export const targets = {
  main: {
    ...common,
    entryPoints: { 'main/index': 'main/index.ts' },
    external: ['electron', ...nativeModules],
  },
  // A sandboxed preload cannot require anything but electron: everything else is bundled in.
  preload: {
    ...common,
    entryPoints: { 'preload/preload': 'preload/index.ts' },
    external: ['electron'],
    sourcemap: false,
  },
  cli: { ...common, entryPoints: { 'cli/custody': 'main/cli/bin.ts' }, external: nativeModules },
};
