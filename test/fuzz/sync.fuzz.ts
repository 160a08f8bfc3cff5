// Sync bundles and roster cards arrive from other workstations: damaged cards and damaged bundle bags
// (the decrypted tar, changed and re-encrypted to the receiver so the whole import runs) end in a typed
// refusal, and a bundle that is taken in never leaves a replica its origin's ledger does not have.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterAll, describe, expect } from 'vitest';
import { ingestPaths } from '../../main/core/media';
import {
  decryptBundle,
  exportBundle,
  importBundle,
  readCard,
  syncCard,
  syncStatus,
} from '../../main/core/sync';
import { patternImage } from '../support/media';
import { makeTeam } from '../support/sync';
import { fuzzTarget } from './harness';
import { damaged } from './mutate';

const scratch = await mkdtemp(join(tmpdir(), 'custody-fuzz-sync-'));
const dirs = [scratch];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const [a, b] = await makeTeam(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'custody-fuzz-sync-'));
  dirs.push(dir);
  return dir;
}, ['a', 'b']);
if (!a || !b) throw new Error('the fuzz team was not made');
await writeFile(join(scratch, 'image.png'), await patternImage(21));
await ingestPaths(a.vault, [join(scratch, 'image.png')]);
const bundle = join(scratch, 'bundle.age');
await exportBundle(a.vault, bundle);
const plain: Buffer[] = [];
for await (const chunk of await decryptBundle(b.vault, bundle)) plain.push(Buffer.from(chunk));
const tar = Buffer.concat(plain);
const card = Buffer.from((await syncCard(a.vault)).card);
const recipient = readCard((await syncCard(b.vault)).card).content.recipient;
let attempt = 0;

describe('sync cards and bundles on hostile input', () => {
  fuzzTarget(
    'roster card (readCard)',
    () => damaged(card, 4),
    (bytes) => {
      const read = readCard(bytes.toString('utf8'));
      expect(read.content.workstation).toBe(a.vault.workstationId);
    },
  );

  fuzzTarget(
    'sync bundle import (importBundle on a damaged bag)',
    () => damaged(tar, 4),
    async (bytes) => {
      const encrypter = new Encrypter();
      encrypter.addRecipient(recipient);
      const file = join(scratch, `damaged-${attempt++}.age`);
      await writeFile(file, await encrypter.encrypt(bytes));
      try {
        await importBundle(b.vault, file);
      } finally {
        await rm(file, { force: true });
      }
      // Taken in: then the replica of A is a prefix of A's own ledger, byte for byte at its root.
      const held = syncStatus(b.vault).origins.find((o) => o.origin === a.vault.ledger.origin);
      const size = held?.entries ?? 0;
      const root = Buffer.from(a.vault.ledger.subtrees().subtreeHash(0, size)).toString('base64');
      expect(held?.checkpoint?.root).toBe(root);
      expect((await readFile(bundle)).length).toBeGreaterThan(0);
    },
    { timeoutMs: 10_000, runs: 100 },
  );
});
