#!/usr/bin/env node
// Launcher for the `custody` command: checks the Node version, then runs the built CLI.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `custody: Node ${process.versions.node} is too old; Custody needs Node 22 or later. ` +
      'Run it through npm (npx custody …), which uses the Node 22 installed with the project.\n',
  );
  process.exit(2);
}
try {
  require.resolve('../dist/cli/custody.cjs');
} catch {
  process.stderr.write('custody: the CLI is not built yet. Run `npm run build` first.\n');
  process.exit(2);
}
require('../dist/cli/custody.cjs');
