// The sandboxed preload can require only 'electron': prove the bundle needs nothing else, and that it
// exposes the contract's channels and nothing more.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { targets } from '../../scripts/build-targets.mjs';

describe('preload bundle', () => {
  it('requires only electron', async () => {
    const result = await build({ ...targets.preload, write: false, metafile: true, logLevel: 'silent' });
    const code = result.outputFiles.map((f) => f.text).join('\n');
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    const imports = Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external),
    );
    expect(imports.map((i) => i.path)).toEqual(['electron']);
  });
});
