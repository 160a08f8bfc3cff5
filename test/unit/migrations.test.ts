// The schema migrations form one unbroken sequence: versions 1, 2, 3… with no gap or repeat, each in its
// own file named NNNN-<name>.ts that exports migrationNNNN with that version and name, and the list in
// main/core/vault/migrations/index.ts holds every file, in order.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../main/core/vault/migrations';
import type { Migration } from '../../main/core/vault/migrations/migration';

const folder = fileURLToPath(new URL('../../main/core/vault/migrations/', import.meta.url));
const files = readdirSync(folder)
  .filter((name) => name !== 'index.ts' && name !== 'migration.ts')
  .sort();

describe('schema migrations', () => {
  it('are all numbered files, NNNN-<name>.ts with a lower-case name', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
  });

  it('are numbered 1, 2, 3… with no gap or repeat', () => {
    expect(files.map((file) => Number(file.slice(0, 4)))).toEqual(files.map((_, index) => index + 1));
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it.each(files)('%s exports the migration its name says', async (file) => {
    const version = Number(file.slice(0, 4));
    const module = (await import(`../../main/core/vault/migrations/${file.replace(/\.ts$/, '')}`)) as Record<
      string,
      Migration
    >;
    expect(Object.keys(module)).toEqual([`migration${file.slice(0, 4)}`]);
    const migration = module[`migration${file.slice(0, 4)}`];
    expect({ version: migration?.version, name: migration?.name }).toEqual({
      version,
      name: file.slice(5, -'.ts'.length),
    });
    expect(migrations[version - 1], 'listed in index.ts at its place').toBe(migration);
  });

  it('lists in index.ts exactly the files there are', () => {
    expect(migrations).toHaveLength(files.length);
  });
});
