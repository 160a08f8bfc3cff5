import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patternImage } from '../support/media';
import { runCli } from '../support/cli';
import { snapshotTree } from '../support/snapshot';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function setup() {
  const root = await tempDir();
  const vault = join(root, 'vault');
  const env = { CUSTODY_STATE_DIR: join(root, 'state') };
  const opts = { env, passphrase: passphrases.ana };
  const init = await runCli(['init', '--vault', vault, '--user', 'ana'], opts);
  expect(init).toMatchObject({ code: 0, stderr: '' });
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'one.png'), await patternImage(1));
  await writeFile(join(src, 'two.png'), await patternImage(2));
  return { root, vault, src, env, opts };
}

describe('custody CLI', () => {
  it('lists its commands and rejects bad usage with exit 2', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'user', 'ingest', 'verify', 'shred', 'log'])
      expect(help.stdout).toContain(`  ${command} `);
    expect(await runCli(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command'),
    });
    expect(await runCli(['verify'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--vault') });
    expect(await runCli(['ingest', '--vault', '/tmp/x', '--bogus', 'p'])).toMatchObject({ code: 2 });
  });

  it('ingests, printing "<item-id> <sha256> <path>" per item, and verifies', async () => {
    const { vault, src, opts } = await setup();
    const ingest = await runCli(['ingest', '--vault', vault, src], opts);
    expect(ingest.code).toBe(0);
    const lines = ingest.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^[0-9a-f-]{36} [0-9a-f]{64} \/.+\.png$/);
    const json = await runCli(['ingest', '--vault', vault, '--json', join(src, 'one.png')], opts);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ kind: 'duplicate', mime: 'image/png' });
    const verify = await runCli(['verify', '--vault', vault], opts);
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: 2 blob\(s\), 2 original/) });
  });

  it('refuses a wrong passphrase with exit 1, naming the user, and changes no vault file', async () => {
    const { vault, env } = await setup();
    const before = await snapshotTree(vault);
    const result = await runCli(['verify', '--vault', vault], { env, passphrase: 'definitely wrong' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'custody verify: The passphrase for user "ana" is wrong. Nothing was changed.',
    );
    expect(await snapshotTree(vault)).toEqual(before);
  });

  it('names a tampered blob, key slot or database in verify, with exit 1', async () => {
    const { vault, src, opts } = await setup();
    const ingest = await runCli(['ingest', '--vault', vault, join(src, 'one.png')], opts);
    const itemId = ingest.stdout.split(' ')[0];
    const shard = (await readdir(join(vault, 'blobs')))[0] as string;
    const blob = join(vault, 'blobs', shard, (await readdir(join(vault, 'blobs', shard)))[0] as string);
    const good = await readFile(blob);
    const bad = Buffer.from(good);
    bad[bad.length - 20] = (bad[bad.length - 20] ?? 0) ^ 1;
    await writeFile(blob, bad);
    const blobCheck = await runCli(['verify', '--vault', vault], opts);
    expect(blobCheck.code).toBe(1);
    expect(blobCheck.stderr).toContain(`item ${itemId}`);
    expect(blobCheck.stderr).toContain('damaged or truncated at chunk 0');
    await writeFile(blob, good);

    const slots = JSON.parse(await readFile(join(vault, 'keyslots.json'), 'utf8'));
    slots.slots[0].createdAt = '1999-01-01T00:00:00.000Z';
    await writeFile(join(vault, 'keyslots.json'), JSON.stringify(slots));
    const slotCheck = await runCli(['verify', '--vault', vault], opts);
    expect(slotCheck).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('key slot of user "ana" was changed'),
    });
  });

  it('names a database changed outside Custody', async () => {
    const { vault, src, opts } = await setup();
    await runCli(['ingest', '--vault', vault, src], opts);
    const path = join(vault, 'vault.db');
    const db = await readFile(path);
    db[Math.floor(db.length / 2)] = (db[Math.floor(db.length / 2)] ?? 0) ^ 1;
    await writeFile(path, db);
    const result = await runCli(['verify', '--vault', vault], opts);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/vault\.db is damaged or was changed outside Custody/);
  });

  it('manages users, shreds with a reason, and shows and exports the ledger', async () => {
    const { root, vault, src, env, opts } = await setup();
    const add = await runCli(['user', 'add', 'ben', '--role', 'analyst', '--vault', vault], {
      ...opts,
      env: { ...env, CUSTODY_NEW_PASSPHRASE: passphrases.ben },
    });
    expect(add).toMatchObject({ code: 0, stdout: 'Added user "ben" (analyst).\n' });
    const asBen = { env, passphrase: passphrases.ben };
    const ingest = await runCli(['ingest', '--vault', vault, '--user', 'ben', join(src, 'two.png')], asBen);
    const itemId = ingest.stdout.split(' ')[0] as string;
    const refused = await runCli(
      ['shred', '--vault', vault, '--user', 'ben', itemId, '--reason', 'expired'],
      asBen,
    );
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('needs an admin or supervisor'),
    });
    const shred = await runCli(
      ['shred', '--vault', vault, '--user', 'ana', itemId, '--reason', 'retention expired'],
      opts,
    );
    expect(shred.code).toBe(0);
    const history = await runCli(['log', 'show', '--vault', vault, '--user', 'ana', '--item', itemId], opts);
    expect(history.stdout).toMatch(/ ben item\.ingest /);
    expect(history.stdout).toMatch(/ ana item\.shred .*retention expired/);
    const out = join(root, 'export');
    expect(
      (await runCli(['log', 'export', '--vault', vault, '--user', 'ana', '--out', out], opts)).code,
    ).toBe(0);
    expect(await runCli(['log', 'verify', '--export', out])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ok: /),
    });
    const entries = await readFile(join(out, 'entries.jsonl'));
    entries[30] = (entries[30] ?? 0) ^ 1;
    await writeFile(join(out, 'entries.jsonl'), entries);
    expect(await runCli(['log', 'verify', '--export', out])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Ledger entry 0'),
    });
    expect((await runCli(['log', 'verify', '--vault', vault, '--user', 'ana'], opts)).code).toBe(0);
    const remove = await runCli(['user', 'remove', 'ben', '--vault', vault, '--user', 'ana'], opts);
    expect(remove.code).toBe(0);
    expect((await runCli(['verify', '--vault', vault, '--user', 'ben'], asBen)).code).toBe(1);
  });
});

describe('custody pdq', () => {
  const bridge = join('..', 'shared', 'reference', 'pdq', 'images', 'bridge-mods');
  it('prints "<hash> <quality> <file>", dihedral hashes on request, and reports undecodable files', async ({
    skip,
  }) => {
    const original = join(bridge, 'aaa-orig.jpg');
    try {
      await readFile(original);
    } catch {
      console.warn(`SKIPPING custody pdq reference check: ${original} is absent`);
      skip();
    }
    const plain = await runCli(['pdq', original]);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toMatch(/^[0-9a-f]{64} \d{1,3} .*aaa-orig\.jpg\n$/);
    const root = await tempDir();
    const notImage = join(root, 'notes.txt');
    await writeFile(notImage, 'not an image');
    const dihedral = await runCli(['pdq', '--dihedral', original, notImage]);
    expect(dihedral.code).toBe(1);
    const fields = dihedral.stdout.trim().split(' ');
    expect(fields).toHaveLength(11);
    expect(fields[0]).toBe(plain.stdout.split(' ')[0]);
    expect(dihedral.stderr).toContain('notes.txt');
  });
});
