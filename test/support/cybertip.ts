// Shared by the CyberTipline tests: where the bundled XSD and NCMEC's reference examples are, whether
// Debian's xmllint is there for cross-checks (each says loudly when it is not), and a fixed "now".
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const bundledXsdPath = join(projectRoot, 'resources/ncmec/cyber_tipline.xsd');
export const ncmecReference = join(projectRoot, '../shared/reference/ncmec');
export const haveReference = existsSync(join(ncmecReference, 'examples', 'report_maximal_valid.xml'));
if (!haveReference) console.warn(`SKIPPING the NCMEC example tests: ${ncmecReference} is absent.`);

export const haveXmllint = await run('xmllint', ['--version']).then(
  () => true,
  () => false,
);
if (!haveXmllint)
  console.warn('SKIPPING the xmllint cross-checks: xmllint (libxml2-utils) is not installed.');

/** A fixed "now" for rules about the future. */
export const NOW = new Date('2026-06-01T00:00:00Z');
