// The outside programs the tests need, found one way for `npm test`, the tests, the e2e fixtures and CI:
// Chromium for the end-to-end tests, and the tools that cross-check Custody's output. Run as a script, it
// installs the missing Debian packages when it can (root with apt-get), and otherwise stops at once naming
// the one command to run. It never installs anything but the packages listed in TOOLS.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every tool the tests run, with the Debian package that provides it. */
export const TOOLS = [
  { command: 'chromium', package: 'chromium', purpose: 'runs the end-to-end tests' },
  { command: 'xmllint', package: 'libxml2-utils', purpose: 'checks CyberTipline XML against the XSD' },
  { command: 'openssl', package: 'openssl', purpose: 'verifies signed packages and CMS signatures' },
  { command: 'certtool', package: 'gnutls-bin', purpose: 'verifies CMS signatures a second way' },
  { command: 'age', package: 'age', purpose: 'decrypts encrypted exports' },
  { command: 'hfind', package: 'sleuthkit', purpose: 'reads NSRL hash databases' },
  { command: 'hashdeep', package: 'hashdeep', purpose: 'audits hash lists' },
  { command: 'ffmpeg', package: 'ffmpeg', purpose: 'decodes video for vPDQ and keyframes' },
  { command: 'ffprobe', package: 'ffmpeg', purpose: 'probes video facts' },
  {
    command: 'heif-enc',
    package: 'libheif-examples',
    purpose: 'writes HEIC test photos (HEVC) from generated images',
  },
];

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `command` on the PATH of `env`, or null. */
export function findExecutable(command, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutableFile(join(dir, command))) return join(dir, command);
  }
  return null;
}

/** Chromium for the end-to-end tests: CUSTODY_CHROMIUM when set, else `chromium` on the PATH; or null. */
export function chromiumPath(env = process.env) {
  const chosen = env.CUSTODY_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return isExecutableFile(chosen) ? chosen : null;
  return findExecutable('chromium', env);
}

/** Where `command` (one of TOOLS) is, or null. */
export function toolPath(command, env = process.env) {
  return command === 'chromium' ? chromiumPath(env) : findExecutable(command, env);
}

/** The tools of TOOLS that are not there. */
export function missingTools(env = process.env) {
  return TOOLS.filter((tool) => toolPath(tool.command, env) === null);
}

/** The command a person runs to install `packages` (sudo unless they are root). */
export function installCommand(packages, { root }) {
  const sudo = root ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** What to do about the missing tools: nothing, install their packages (root with apt-get), or stop. */
export function plan(missing, { root, aptGet }) {
  if (missing.length === 0) return { action: 'none' };
  const packages = [...new Set(missing.map((tool) => tool.package))];
  if (root && aptGet) return { action: 'install', packages };
  return { action: 'stop', packages, command: installCommand(packages, { root }) };
}

/** Root or not: from the process, unless CUSTODY_TEST_TOOLS_ROOT is '0' or '1' (for this script's own test). */
function isRoot(env) {
  const forced = env.CUSTODY_TEST_TOOLS_ROOT;
  return forced === '0' || forced === '1' ? forced === '1' : process.getuid?.() === 0;
}

function describeMissing(missing, env) {
  const lines = missing.map((tool) => `  ${tool.command} (Debian package ${tool.package}): ${tool.purpose}`);
  const chosen = env.CUSTODY_CHROMIUM;
  if (missing.some((tool) => tool.command === 'chromium') && chosen !== undefined && chosen !== '') {
    lines.push(`  (CUSTODY_CHROMIUM is set to ${chosen}, which is not an executable file.)`);
  }
  return lines.join('\n');
}

function apt(args, env) {
  const aptGet = findExecutable('apt-get', env) ?? 'apt-get';
  const result = spawnSync(aptGet, args, {
    stdio: 'inherit',
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Checks, installs when it can, and returns the exit code. */
export function main(env = process.env) {
  const missing = missingTools(env);
  const decision = plan(missing, { root: isRoot(env), aptGet: findExecutable('apt-get', env) !== null });
  if (decision.action === 'none') return 0;
  if (decision.action === 'stop') {
    console.error(
      `The tests need tools that are not installed:\n${describeMissing(missing, env)}\n` +
        `Install them with this command (Debian or Ubuntu), then run the tests again:\n  ${decision.command}`,
    );
    return 1;
  }
  console.log(`Installing the tools the tests need from Debian: ${decision.packages.join(' ')}`);
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...decision.packages];
  if (!apt(['update', '-qq'], env) || !apt(install, env)) {
    console.error(`apt-get could not install ${decision.packages.join(' ')}; see its messages above.`);
    return 1;
  }
  const still = missingTools(env);
  if (still.length > 0) {
    console.error(`Still missing after installing:\n${describeMissing(still, env)}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  process.exitCode = main();
}
