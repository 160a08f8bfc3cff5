// Key rotation benchmark: the time to remove a user (which rotates the vault key and re-keys vault.db)
// on a vault holding 100,000 blob-key rows (inserted directly, each a real wrapped key), and the time of
// an unlock, next to one Argon2id derivation with the vault's parameters measured in the same run.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packSealed, seal } from '../../main/core/crypto';
import { addUser, removeUser, Vault } from '../../main/core/identity';
import { deriveDefaultSlotKey } from '../../main/core/vault';
import { fmt, mib, quick, table, timed } from './support';

const total = quick ? 10_000 : 100_000;
const root = await mkdtemp(join(tmpdir(), 'custody-bench-rotation-'));
try {
  const dir = join(root, 'v');
  const credentials = { user: 'bench', passphrase: 'benchmark passphrase' };
  const options = { stateDir: join(root, 's') };
  const argon = await timed(() => deriveDefaultSlotKey(credentials.passphrase));
  let vault = await Vault.create(dir, credentials, options);
  const insert = vault.db.prepare(
    'INSERT INTO blobs (id, wrapped_key, size, created_at) VALUES (?, ?, ?, ?)',
  );
  const now = new Date().toISOString();
  vault.db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const id = randomUUID();
      insert.run(id, packSealed(seal(vault.dataKey(), randomBytes(32), Buffer.from(id))), 1000, now);
    }
  })();
  await addUser(vault, 'leaver', 'leaver passphrase 123', 'analyst');
  vault.lock();
  const unlock = await timed(() => Vault.unlock(dir, credentials, options));
  vault = unlock.value;
  const rotation = await timed(() => removeUser(vault, 'leaver'));
  vault.lock();
  const size = (await stat(join(dir, 'vault.db'))).size;
  table(`Key rotation (${total.toLocaleString('en')} blob-key rows, vault.db ${mib(size)})`, [
    { what: 'one Argon2id derivation (64 MiB, t=3, p=1)', seconds: fmt(argon.seconds, 3) },
    { what: 'unlock (Argon2id + X25519 + open + record)', seconds: fmt(unlock.seconds, 3) },
    { what: 'rotation (remove a user: new key, rekey, slots)', seconds: fmt(rotation.seconds, 3) },
  ]);
} finally {
  await rm(root, { recursive: true, force: true });
}
