// `custody conflicts list|resolve`: the conflict queue from the command line, on two real vaults whose
// categorisations of one item differ. An analyst is refused (exit 1); an admin resolves by ORIGIN:SEQ with a
// reason, and the list then shows the conflict resolved with the side kept.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addUser } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { categorizeItems, itemProjection } from '../../main/core/review';
import { listConflicts } from '../../main/core/sync/merge';
import { runCli } from '../support/cli';
import { patternImage } from '../support/media';
import { mergeFrom } from '../support/sync-peers';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

describe('custody conflicts', () => {
  it('lists a conflict and resolves it by a choice and a reason', async () => {
    const a = await createTestVault(tempDir);
    const b = await createTestVault(tempDir);
    await addUser(b.vault, 'ben', passphrases.ben, 'analyst');
    const src = join(a.root, 'src');
    await mkdir(src);
    await writeFile(join(src, 'one.png'), await patternImage(5));
    const [ingested] = (await ingestPaths(a.vault, [src])).outcomes;
    if (ingested?.kind !== 'ingested') throw new Error('not ingested');
    categorizeItems(a.vault, [ingested.itemId], 'A1', []);
    await mergeFrom(a.vault, b.vault);
    const onB = itemProjection(b.vault)[0]?.id as string;
    categorizeItems(b.vault, [onB], 'B2', []);
    await mergeFrom(a.vault, b.vault);
    const [conflict] = listConflicts(b.vault, { open: true });
    const peerSide = conflict?.sides.find((s) => !s.local);
    if (!conflict || !peerSide) throw new Error('no conflict');
    b.vault.lock();
    const dir = join(b.root, 'vault');
    const env = { CUSTODY_STATE_DIR: join(b.root, 'state') };
    const ana = (...args: string[]) =>
      runCli([...args, '--user', 'ana'], { passphrase: passphrases.ana, env });

    const listed = await ana('conflicts', 'list', '--vault', dir, '--open');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${conflict.id} Categorisation of item ${onB}`);
    expect(listed.stdout).toContain(`${peerSide.origin}:${peerSide.seq} ana (${peerSide.origin})`);
    const choose = `${peerSide.origin}:${peerSide.seq}`;
    const refused = await runCli(
      [
        'conflicts',
        'resolve',
        '--vault',
        dir,
        '--user',
        'ben',
        conflict.id,
        '--choose',
        choose,
        '--reason',
        'mine',
      ],
      { passphrase: passphrases.ben, env },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot resolve conflicts between workstations');
    const resolved = await ana(
      'conflicts',
      'resolve',
      '--vault',
      dir,
      conflict.id,
      '--choose',
      choose,
      '--reason',
      'A saw more.',
    );
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain(`chose ${choose} (A saw more.)`);
    const open = await ana('conflicts', 'list', '--vault', dir, '--open', '--json');
    expect(JSON.parse(open.stdout)).toEqual([]);
  }, 300_000);
});
