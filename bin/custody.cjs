#!/usr/bin/env node
// Launcher for the `custody` command: checks the Node version, then runs the built CLI (ES modules in
// dist/cli, split so that each command loads only its own code). It must stay this small: it runs on
// every invocation, before anything else.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `custody: Node ${process.versions.node} is too old; Custody needs Node 22 or later. ` +
      'Run it through npm (npx custody …), which uses the Node 22 installed with the project.\n',
  );
  process.exit(2);
}
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const entry = join(__dirname, '..', 'dist', 'cli', 'custody.mjs');
if (!existsSync(entry)) {
  process.stderr.write('custody: the CLI is not built yet. Run `npm run build` first.\n');
  process.exit(2);
}
import(pathToFileURL(entry).href);
