// Fails early, with a clear message, when npm scripts are not running on Node 22 or later.
// npm puts node_modules/.bin first on PATH, where the `node` devDependency provides Node 22.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `Custody needs Node 22 or later; npm scripts are running on ${process.versions.node}. ` +
      'Run `npm ci` first: it installs Node 22 into node_modules/.bin, which npm scripts use.',
  );
  process.exit(1);
}
