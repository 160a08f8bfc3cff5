// A passphrase typed into the user field never reaches disk or the ledger (security review, finding 16):
// a failed unlock keeps the name only when it is a user of the vault, in the journal and in the signed
// `vault.unlock_failed` entry; a name planted in the journal is not signed into the ledger either.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnknownUserError, WrongPassphraseError } from '../../main/core/errors';
import { Vault } from '../../main/core/identity';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const typedPassphrase = 'Tr0ub4dor&3 my real passphrase';

describe('failed unlock names', () => {
  it('keep an existing user, and never the text typed for an unknown one', async () => {
    const root = await tempDir();
    const dir = join(root, 'vault');
    const stateDir = join(root, 'state');
    const first = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    const vaultId = first.id;
    first.lock();
    await expect(
      Vault.unlock(dir, { user: typedPassphrase, passphrase: 'x' }, { stateDir }),
    ).rejects.toBeInstanceOf(UnknownUserError);
    await expect(
      Vault.unlock(dir, { user: 'ana', passphrase: 'not it at all' }, { stateDir }),
    ).rejects.toBeInstanceOf(WrongPassphraseError);
    const journal = await readFile(join(stateDir, 'failed-unlocks.jsonl'), 'utf8');
    expect(journal).not.toContain('Tr0ub4dor');
    // A line planted in the journal (or written before names were checked) with a name the vault does not know.
    await appendFile(
      join(stateDir, 'failed-unlocks.jsonl'),
      `${JSON.stringify({ vaultId, user: 'planted passphrase text', at: new Date().toISOString(), reason: 'wrong-passphrase' })}\n`,
    );

    const vault = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    const failed = vault.ledger
      .leaves(0, vault.ledger.size)
      .map((leaf) => leaf.toString('utf8'))
      .filter((line) => line.includes('"vault.unlock_failed"'));
    expect(failed).toHaveLength(3);
    for (const line of failed) {
      expect(line).not.toContain('Tr0ub4dor');
      expect(line).not.toContain('planted');
    }
    const details = failed.map((line) => (JSON.parse(line) as { details: Record<string, unknown> }).details);
    expect(details.map((d) => [d.attemptedUser, d.reason])).toEqual([
      [null, 'unknown-user'],
      ['ana', 'wrong-passphrase'],
      [null, 'wrong-passphrase'],
    ]);
    vault.lock();
  });
});
