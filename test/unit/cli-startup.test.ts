// The CLI loads a command's code only when that command runs: from the esbuild metafile of the real CLI
// build, what `custody --help` loads (the entry's static imports) holds no dependency and no command, and
// `custody pdq` never loads the vault, the CyberTipline code or zod. Also that each listed command loads
// the module that runs it, and that module answers bad usage with the listing's usage.
import { build, type Metafile } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, listed } from '../../main/cli/commands';
import { runCommand, type Io } from '../../main/cli/io';
import { formats } from '../../main/core/matching';
import { targets } from '../../scripts/build-targets.mjs';

interface Loaded {
  inputs: Set<string>;
  packages: Set<string>;
}

/** Every source file and external package that loading `output` loads, following static imports only. */
function staticClosure(metafile: Metafile, output: string): Loaded {
  const loaded: Loaded = { inputs: new Set(), packages: new Set() };
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = metafile.outputs[file];
    if (!out) throw new Error(`${file} is not an output of the CLI build`);
    for (const input of Object.keys(out.inputs)) loaded.inputs.add(input);
    for (const imported of out.imports) {
      if (imported.kind === 'dynamic-import') continue;
      if (imported.external) loaded.packages.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(output);
  return loaded;
}

async function cliMetafile(): Promise<Metafile> {
  const outdir = resolve('test-results/cli-startup');
  const result = await build({ ...targets.cli, outdir, write: false, metafile: true, logLevel: 'silent' });
  return result.metafile;
}

function outputFor(metafile: Metafile, entryPoint: string): string {
  const found = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint === entryPoint);
  if (!found) throw new Error(`no output for ${entryPoint}`);
  return found[0];
}

const nodeBuiltin = (name: string) => name.startsWith('node:');
const fromPackage = (input: string) => input.includes('node_modules/');

describe('CLI start-up', () => {
  it('answers --help and --version without loading a dependency or any command', async () => {
    const metafile = await cliMetafile();
    const loaded = staticClosure(metafile, outputFor(metafile, 'main/cli/bin.ts'));
    expect(loaded.inputs).toContain('main/cli/commands/index.ts');
    expect([...loaded.inputs].filter(fromPackage)).toEqual([]);
    expect([...loaded.packages].filter((p) => !nodeBuiltin(p))).toEqual([]);
    expect([...loaded.inputs].filter((i) => i.startsWith('main/cli/commands/'))).toEqual([
      'main/cli/commands/index.ts',
    ]);
  });

  it('runs `custody pdq` without the vault, the CyberTipline code, zod or node-forge', async () => {
    const metafile = await cliMetafile();
    const loaded = staticClosure(metafile, outputFor(metafile, 'main/cli/commands/pdq.ts'));
    expect(loaded.packages).toContain('sharp');
    for (const heavy of [
      'better-sqlite3-multiple-ciphers',
      '@node-rs/argon2',
      'libxml2-wasm',
      'sodium-native',
    ])
      expect(loaded.packages).not.toContain(heavy);
    const inputs = [...loaded.inputs];
    expect(
      inputs.filter((i) => i.includes('node_modules/zod/') || i.includes('node_modules/node-forge/')),
    ).toEqual([]);
    const vaultOrReport = /^main\/(cli\/vault-access|core\/vault\/vault|core\/(cybertip|ledger)\/)/;
    expect(inputs.filter((i) => vaultOrReport.test(i))).toEqual([]);
  });

  it('loads, for each listed command, the module that runs it and rejects bad usage with the listing usage', async () => {
    const cases = [
      ...commands.map((entry) => ({ entry, args: ['--no-such-flag'] })),
      { entry: listed('report'), args: ['validate', '--no-such-flag'] },
      { entry: listed('report'), args: ['submit', '--no-such-flag'] },
    ];
    for (const { entry, args } of cases) {
      const err: string[] = [];
      const io: Io = { out: () => undefined, err: (line) => err.push(line), env: {}, stdinIsTty: false };
      expect(await runCommand(entry.name, await entry.load(), args, io)).toBe(2);
      expect(err.join('\n')).toMatch(new RegExp(`^custody ${entry.name}: `));
      expect(err.join('\n').endsWith(`\nusage: ${entry.usage}`)).toBe(true);
    }
  });

  it('lists every hash-list format the banks accept', () => {
    expect(listed('banks').summary).toContain(`(formats: ${formats.map((f) => f.name).join(', ')}).`);
  });
});
