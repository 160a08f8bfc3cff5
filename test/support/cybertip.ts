// Shared by the CyberTipline tests: the bundled XSD, the NCMEC examples vendored in test/fixtures/ncmec, Debian's
// xmllint for cross-checks (a test that needs it fails when it is missing), and a fixed "now".
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixture } from './fixtures';
import { requireTool } from './tools';

export const run = promisify(execFile);
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const bundledXsdPath = join(projectRoot, 'resources/ncmec/cyber_tipline.xsd');
export const ncmecExamples = fixture('ncmec', 'examples');

/** xmllint --noout --nonet --schema <bundled XSD> <file>: its exit code and what it printed on stderr. */
export function xmllintSchema(file: string): Promise<{ code: number; stderr: string }> {
  return run(requireTool('xmllint'), ['--noout', '--nonet', '--schema', bundledXsdPath, file]).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
  );
}

/** A fixed "now" for rules about the future. */
export const NOW = new Date('2026-06-01T00:00:00Z');
