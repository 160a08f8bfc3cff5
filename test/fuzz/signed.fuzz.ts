// Signed material that arrives from outside: a PKCS#12 organisation identity an admin imports
// (identity/organisation.ts on node-forge) and a ledger export a recipient verifies (`custody log verify
// --export`, ledger/export.ts). Damaged copies end in a typed refusal; a changed entry is never accepted.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import forge from 'node-forge';
import { afterAll, describe, expect } from 'vitest';
import { exportLedger, generateSelfSignedIdentity, importPkcs12, Vault } from '../../main/core/identity';
import { verifyLedgerExport } from '../../main/core/ledger';
import { passphrases } from '../support/temp';
import { fuzzTarget } from './harness';
import { damaged } from './mutate';

const scratch = await mkdtemp(join(tmpdir(), 'custody-fuzz-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const P12_PASSWORD = 'fuzz p12 password';
const identity = await generateSelfSignedIdentity({ commonName: 'Fuzz Signer', organisation: 'Fuzz Org' });
/**
 * The identity as PKCS#12, the legacy way (3DES) and the OpenSSL 3 way (AES-256, PBKDF2), each with and
 * without a MAC (without one, damage reaches the bags instead of failing the MAC check).
 */
const p12s = (
  [
    ['3des', true],
    ['aes256', true],
    ['3des', false],
    ['aes256', false],
  ] as const
).map(([algorithm, useMac]) =>
  Buffer.from(
    forge.asn1
      .toDer(
        forge.pkcs12.toPkcs12Asn1(
          forge.pki.privateKeyFromPem(identity.privateKeyPem),
          [forge.pki.certificateFromPem(identity.certificatePem)],
          P12_PASSWORD,
          { algorithm, count: 64, useMac },
        ),
      )
      .getBytes(),
    'binary',
  ),
);

// A vault with a few hundred ledger entries over several checkpoints, exported once.
const vault = await Vault.create(
  join(scratch, 'vault'),
  { user: 'ana', passphrase: passphrases.ana },
  { stateDir: join(scratch, 'state') },
);
for (let i = 0; i < 40; i++) vault.record('item.categorize', [`fuzz-subject-${i}`], { i });
const exported = join(scratch, 'export');
await exportLedger(vault, exported);
vault.lock();
const PARTS = ['entries.jsonl', 'checkpoint', 'proofs.json', 'keys.txt'] as const;
const parts = Object.fromEntries(
  await Promise.all(PARTS.map(async (name) => [name, await readFile(join(exported, name))] as const)),
) as Record<(typeof PARTS)[number], Buffer>;

describe('PKCS#12 identities and ledger exports on hostile input', () => {
  fuzzTarget(
    'PKCS#12 import (importPkcs12)',
    () =>
      fc.oneof(
        fc.constantFrom(...p12s).chain((p12) => damaged(p12, 4)),
        fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
      ),
    (bytes) => void importPkcs12(bytes, P12_PASSWORD),
    { timeoutMs: 10_000 },
  );

  fuzzTarget(
    'ledger export (verifyLedgerExport)',
    () =>
      fc.constantFrom(...PARTS).chain((name) => damaged(parts[name], 4).map((bytes) => ({ name, bytes }))),
    async ({ name, bytes }) => {
      const dir = join(scratch, 'received');
      await mkdir(dir, { recursive: true });
      for (const part of PARTS) await writeFile(join(dir, part), part === name ? bytes : parts[part]);
      await verifyLedgerExport(dir);
      // Accepted: then no entry and no checkpoint was changed.
      if (name === 'entries.jsonl' || name === 'checkpoint') expect(bytes.equals(parts[name])).toBe(true);
    },
  );
});
