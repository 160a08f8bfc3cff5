// `npm start`: launches the built app in Electron. Electron's binary cannot always be downloaded (it
// comes from GitHub); point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron build, or set
// ELECTRON_MIRROR to a mirror you can reach, and this script uses it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
let binary;
if (override) {
  binary = join(
    override,
    process.platform === 'darwin'
      ? 'Electron.app/Contents/MacOS/Electron'
      : process.platform === 'win32'
        ? 'electron.exe'
        : 'electron',
  );
  if (!existsSync(binary)) {
    console.error(
      `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist. Point it at an unpacked Electron ${require('electron/package.json').version} build.`,
    );
    process.exit(1);
  }
} else {
  try {
    binary = require('electron');
  } catch (error) {
    console.error(
      `Electron's binary is not available (${error instanceof Error ? error.message : error}).\n` +
        `Provide it in one of two ways, then run npm start again:\n` +
        `  - ELECTRON_OVERRIDE_DIST_PATH=/path/to/unpacked/electron-v${require('electron/package.json').version}-linux-x64\n` +
        `  - ELECTRON_MIRROR=https://your.mirror/electron/ (Electron downloads itself from there on first run)`,
    );
    process.exit(1);
  }
}
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
