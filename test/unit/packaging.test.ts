// What the packaged app cannot load from inside app.asar is unpacked beside it (finding 20): every worker
// script the main bundle emits, and libxml2-wasm, which the main bundle loads with import(). Read from
// electron-builder.yml and from the main build target itself, so a new worker entry point or a renamed
// output cannot silently end up inside the archive.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targets } from '../../scripts/build-targets.mjs';

/** The asarUnpack list of electron-builder.yml (one quoted pattern per line). */
async function unpacked(): Promise<string[]> {
  const yml = await readFile('electron-builder.yml', 'utf8');
  const block = /^asarUnpack:\n((?: {2}- .*\n)+)/m.exec(yml)?.[1] ?? '';
  return block.split('\n').flatMap((line) => /^ {2}- '(.*)'$/.exec(line)?.[1] ?? []);
}

describe('the packaged main process', () => {
  it('has its worker scripts and its import()ed ES module unpacked from the archive', async () => {
    const result = await build({ ...targets.main, write: false, metafile: true, logLevel: 'silent' });
    const outputs = Object.keys(result.metafile.outputs)
      .map((path) => relative(process.cwd(), path))
      .filter((path) => path.endsWith('.cjs'));
    const workers = outputs.filter((path) => path !== 'dist/main/index.cjs');
    expect(workers).toEqual(['dist/main/pdq-worker.cjs']);
    const patterns = await unpacked();
    for (const worker of workers) expect(patterns, worker).toContain(worker);
    const dynamic = Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path),
    );
    expect(dynamic).toContain('libxml2-wasm');
    // A subpath (`libheif-js/wasm-bundle`) is unpacked with its package.
    const packageOf = (name: string) =>
      name
        .split('/')
        .slice(0, name.startsWith('@') ? 2 : 1)
        .join('/');
    for (const name of new Set(dynamic))
      expect(patterns, name).toContain(`**/node_modules/${packageOf(name)}/**`);
  });
});
