import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patternImage } from '../support/media';
import { runCli } from '../support/cli';
import { fixture } from '../support/fixtures';
import { snapshotTree } from '../support/snapshot';
import { passphrases, useTempDirs } from '../support/temp';
import { refusal } from '../../shared/policy';

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
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: 8 blob\(s\), 2 original/) });
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
    expect(blobCheck.stderr).toMatch(/blob [0-9a-f]{32}/i);
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
    // Depending on the page the flipped byte lands in, the first read or a later one refuses it.
    expect(result.stderr).toMatch(
      /vault\.db (is damaged or was changed outside Custody|does not open with this vault.s key)/,
    );
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
      stderr: `custody shred: ${refusal('analyst', 'item.shred')}\n`,
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
  it('prints "<hash> <quality> <file>", dihedral hashes on request, and reports undecodable files', async () => {
    const original = fixture('pdq', 'images', 'bridge-mods', 'aaa-orig.jpg');
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

describe('custody banks and match', () => {
  it('imports banks with bad lines reported, matches at ingest and on demand, and matches files without a vault', async () => {
    const { root, vault, opts } = await setup();
    const { createHash } = await import('node:crypto');
    const { shapesImage } = await import('../support/media');
    const { hashImage } = await import('../../main/core/matching/pdq');
    const sharp = (await import('sharp')).default;
    const photo = await shapesImage(21);
    const other = await shapesImage(22);
    const dir = join(root, 'evidence');
    await mkdir(dir);
    await writeFile(join(dir, 'photo.png'), photo);
    await writeFile(join(dir, 'other.png'), other);
    const md5 = createHash('md5').update(photo).digest('hex');
    const md5list = join(root, 'known.md5');
    await writeFile(md5list, `${md5}  photo.png\nnot-a-hash  broken line\n`);
    const variant = await sharp(other).resize(180, 135).jpeg({ quality: 75 }).toBuffer();
    const pdqList = join(root, 'known.pdq');
    await writeFile(pdqList, `# generated test list\n${(await hashImage(variant)).hash},100,other-variant\n`);

    const imported = await runCli(
      ['banks', 'import', '--vault', vault, md5list, '--name', 'test-md5', '--version', '1'],
      opts,
    );
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(`${md5list}:2: `);
    expect(imported.stdout).toContain('1 hash(es), 1 bad line(s)');
    const pdqImport = await runCli(
      [
        'banks',
        'import',
        '--vault',
        vault,
        pdqList,
        '--name',
        'test-pdq',
        '--version',
        '7',
        '--format',
        'pdq',
      ],
      opts,
    );
    expect(pdqImport).toMatchObject({ code: 0 });
    const list = await runCli(['banks', 'list', '--vault', vault], opts);
    expect(list.stdout).toMatch(/test-md5 1 known 1 hash/);
    expect(list.stdout).toMatch(/test-pdq 7 known 1 hash/);

    const ingest = await runCli(['ingest', '--vault', vault, dir], opts);
    expect(ingest.code).toBe(0);
    const onDemand = await runCli(['match', '--vault', vault], opts);
    expect(onDemand.code).toBe(0);
    expect(onDemand.stdout).toMatch(new RegExp(`test-md5 1 known md5 0 ${md5}`));
    expect(onDemand.stdout).toMatch(/test-pdq 7 known pdq \d+ [0-9a-f]{64}/);

    const quick = await runCli([
      'match',
      '--bank-file',
      md5list,
      join(dir, 'photo.png'),
      join(dir, 'other.png'),
    ]);
    expect(quick.stdout.trim()).toBe(`${join(dir, 'photo.png')} md5 0 ${md5} line 1 photo.png`);
    expect(quick.stderr).toContain(`${md5list}:2: `);
  });
});

describe('custody report validate', () => {
  it("accepts NCMEC's maximal examples and names the element of each problem", async () => {
    const examples = fixture('ncmec', 'examples');
    const report = join(examples, 'report_maximal_valid.xml');
    const ok = await runCli(['report', 'validate', report, join(examples, 'fileDetails_maximal_valid.xml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('is a valid report');
    expect(ok.stdout).toContain('is a valid fileDetails');
    const root = await tempDir();
    const future = join(root, 'future.xml');
    const xml = (await readFile(report, 'utf8')).replace(
      /<incidentDateTime>[^<]+<\/incidentDateTime>/,
      '<incidentDateTime>2999-01-01T00:00:00Z</incidentDateTime>',
    );
    await writeFile(future, xml);
    const bad = await runCli(['report', 'validate', future]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/future\.xml:\d+: .*incidentDateTime/);
  });
});

describe('custody case, org and report build', () => {
  it('imports the example case, installs a signing identity and writes a signed package', async () => {
    const { root, vault, opts } = await setup();
    const example = join(root, 'example');
    expect((await runCli(['case', 'example', '--out', example])).code).toBe(0);
    const imported = await runCli(['case', 'import', '--vault', vault, join(example, 'case.json')], opts);
    expect(imported.code).toBe(0);
    const caseId = imported.stdout.trim();
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    const list = await runCli(['case', 'list', '--vault', vault], opts);
    expect(list.stdout).toMatch(new RegExp(`^${caseId} \\[2\\dh\\d\\dm left\\] Example`));
    const noIdentity = await runCli(
      ['report', 'build', '--vault', vault, '--case', caseId, '--out', join(root, 'p0')],
      opts,
    );
    expect(noIdentity).toMatchObject({ code: 1, stderr: expect.stringContaining('custody org import') });
    expect(
      (await runCli(['org', 'self-signed', '--vault', vault, '--name', 'Example Platform'], opts)).code,
    ).toBe(0);
    const out = join(root, 'package');
    const built = await runCli(['report', 'build', '--vault', vault, '--case', caseId, '--out', out], opts);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/Wrote the signed report package .*: 10 files/);
    expect((await runCli(['report', 'validate', join(out, 'report.xml')])).code).toBe(0);
  });
});
