// The preservation commands as a user's shell runs them: holds that make `custody shred` refuse (exit 1,
// naming the hold), retention run confirmed by digest, `preserve` and `preserve verify` (exit 1 naming a
// flipped file), `export vics` read back by the VICS bank importer, and kill -9 during packaging leaving
// no package and no staging folder once the vault is next opened.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installSelfSignedIdentity, Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { readBankFile, type BankEntry } from '../../main/core/matching';
import { verifyPackage } from '../../main/core/preservation';
import { writeExampleCase } from '../../main/core/review';
import { runCli, startCli } from '../support/cli';
import { backdateReports, reportedExampleVault } from '../support/preservation';
import { seededRandom, testSeed } from '../support/random';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const seed = testSeed('CUSTODY_KILL_SEED');

describe('preservation from the command line', () => {
  it('holds, retention, packages, verification and the VICS export', async () => {
    const { root, vault, caseId, itemIds } = await reportedExampleVault(tempDir);
    backdateReports(vault, '2024-01-10T12:00:00.000Z');
    vault.lock();
    const dir = join(root, 'vault');
    const cli = (...args: string[]) =>
      runCli(args, { passphrase: passphrases.ana, env: { CUSTODY_STATE_DIR: join(root, 'state') } });

    const added = await cli('hold', 'add', '--vault', dir, '--case', caseId, '--matter', 'Doe v. Example');
    expect(added.code, added.stderr).toBe(0);
    const holdId = added.stdout.trim();
    expect(holdId).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await cli('shred', '--vault', dir, itemIds[0] as string, '--reason', 'duplicate');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`under legal hold ${holdId} (matter "Doe v. Example")`);
    expect((await cli('hold', 'list', '--vault', dir)).stdout).toContain(`${holdId} active "Doe v. Example"`);
    const unlinked = await cli('hold', 'link', '--vault', dir, holdId, '--decision', randomUUID());
    expect(unlinked.code).toBe(1);
    expect(unlinked.stderr).toContain('There is no decision');
    const dry = await cli('retention', 'run', '--vault', dir, '--dry-run');
    expect(dry.stdout).toContain('Nothing has expired');
    expect((await cli('hold', 'release', '--vault', dir, holdId, '--reason', 'settled')).code).toBe(0);

    const listed = await cli('retention', 'run', '--vault', dir, '--dry-run', '--json');
    const list = JSON.parse(listed.stdout) as { digest: string; items: Array<{ itemId: string }> };
    expect(list.items).toHaveLength(4);
    const unconfirmed = await cli('retention', 'run', '--vault', dir);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain(`--confirm ${list.digest}`);
    const shown = JSON.parse((await cli('retention', 'show', '--vault', dir, '--json')).stdout) as {
      items: Array<{ itemId: string; status: string; rule: { id: string } }>;
    };
    // The reported files; the case's chat transcript was not in the report, so the statute does not hold it.
    const reported = shown.items.filter((i) => itemIds.includes(i.itemId));
    expect(reported).toHaveLength(4);
    expect(reported.every((i) => i.status === 'expired' && i.rule.id === 'us-2258a-h')).toBe(true);

    const out = join(root, 'package');
    const made = await cli('preserve', '--vault', dir, '--case', caseId, '--out', out, '--for', 'Police');
    expect(made.code, made.stderr).toBe(0);
    const verified = await runCli(['preserve', 'verify', out]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/ok: BagIt 1\.0, \d+ payload files/);
    const report = join(out, 'data', 'report', 'report.xml');
    const xml = await readFile(report);
    await writeFile(report, Buffer.concat([xml, Buffer.from(' ')]));
    const broken = await runCli(['preserve', 'verify', out]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('data/report/report.xml');
    await writeFile(report, xml);

    const vics = join(root, 'vics');
    const exported = await cli('export', 'vics', '--vault', dir, '--case', caseId, '--out', vics);
    expect(exported.code, exported.stderr).toBe(0);
    const document = (await readdir(vics)).find((f) => f.endsWith('.json')) as string;
    const entries: BankEntry[] = [];
    for await (const item of readBankFile(join(vics, document), { format: 'vics' })) {
      expect('problem' in item ? item.problem : null).toBeNull();
      if ('entry' in item) entries.push(item.entry);
    }
    const reopened = await Vault.unlock(
      dir,
      { user: 'ana', passphrase: passphrases.ana },
      { stateDir: join(root, 'state') },
    );
    const facts = reopened.db
      .prepare(
        `SELECT i.sha256, i.md5, i.sha1, c.category FROM case_items ci JOIN items i ON i.id = ci.item_id
         LEFT JOIN item_categories c ON c.item_id = i.id WHERE ci.case_id = ?`,
      )
      .all(caseId) as Array<{ sha256: string; md5: string; sha1: string; category: string | null }>;
    reopened.lock();
    for (const fact of facts) {
      for (const [algorithm, value] of [
        ['sha256', fact.sha256],
        ['md5', fact.md5],
        ['sha1', fact.sha1],
      ] as const) {
        const entry = entries.find((e) => e.algorithm === algorithm && e.value === value);
        expect(entry, `${algorithm} ${value}`).toBeTruthy();
        const expected =
          fact.category === 'A1' || fact.category === 'A2'
            ? '1'
            : fact.category === 'B1' || fact.category === 'B2'
              ? '2'
              : '0';
        expect(entry?.category).toBe(expected);
        expect(entry?.extra?.Tags).toBe(
          `industry-category:${fact.category && fact.category !== 'none' ? fact.category : 'none'}`,
        );
      }
    }
    expect((await readdir(join(vics, 'media'))).length).toBe(facts.length);

    const confirmed = await cli('retention', 'run', '--vault', dir, '--confirm', list.digest);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain(`Shredded 4 item(s) of list ${list.digest}`);
  }, 300_000);

  it(`kill -9 during packaging leaves no package, and the next unlock removes the staging folder (CUSTODY_KILL_SEED=${seed})`, async () => {
    const random = seededRandom(seed);
    const root = await tempDir();
    const stateDir = join(root, 'state');
    const dir = join(root, 'vault');
    const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    const caseDir = await writeExampleCase(join(root, 'case'));
    await writeFile(join(root, 'case', 'media', 'notes.txt'), randomBytes(48 * 1024 * 1024));
    const { caseId } = await importCase(vault, caseDir);
    await installSelfSignedIdentity(vault, {
      commonName: 'Example',
      organisation: 'Example',
      email: 'c@example.org',
    });
    vault.lock();
    const env = { CUSTODY_STATE_DIR: stateDir };
    let killedMidway = 0;
    for (let round = 0; round < 4; round++) {
      const out = join(root, `package-${round}`);
      const child = await startCli(['preserve', '--vault', dir, '--case', caseId, '--out', out], {
        env,
        passphrase: passphrases.ana,
      });
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      let staged = false;
      for (let waited = 0; waited < 60_000 && !staged; waited += 20) {
        staged = (await readdir(root)).some((name) => name.startsWith(`.custody-export-package-${round}`));
        if (!staged) await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, random.int(0, 400)));
      child.kill('SIGKILL');
      const code = await exited;
      const names = await readdir(root);
      if (code === null) {
        killedMidway++;
        expect(names, `round ${round}`).not.toContain(`package-${round}`);
      }
      const reopened = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
      reopened.lock();
      expect((await readdir(root)).filter((n) => n.startsWith('.custody-export-'))).toEqual([]);
    }
    expect(killedMidway, `kills that landed while packaging (CUSTODY_KILL_SEED=${seed})`).toBeGreaterThan(1);
    const out = join(root, 'package-final');
    const done = await runCli(['preserve', '--vault', dir, '--case', caseId, '--out', out], {
      env,
      passphrase: passphrases.ana,
    });
    expect(done.code, done.stderr).toBe(0);
    await expect(verifyPackage(out)).resolves.toBeTruthy();
  }, 300_000);
});
