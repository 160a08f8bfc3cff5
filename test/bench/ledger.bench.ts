// Ledger benchmark: signed appends per second, full verification of a large ledger, and incremental
// verification after 1,000 new entries; next to raw Ed25519 sign/verify rates measured in the same run.
// Targets (issue 4): >= 5,000 appends/s; 1,000,000 entries fully verified in <= 60 s; incremental <= 100 ms.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vault, verifyLedger } from '../../main/core/identity';
import { fmt, quick, table, timed } from './support';

const total = quick ? 100_000 : 1_000_000;
const batch = 1000;

const root = await mkdtemp(join(tmpdir(), 'custody-bench-ledger-'));
try {
  const vault = await Vault.create(
    join(root, 'v'),
    { user: 'bench', passphrase: 'benchmark passphrase' },
    { stateDir: join(root, 's') },
  );

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(320, 1);
  const signature = sign(null, message, privateKey);
  const rawSign = await timed(() => {
    for (let i = 0; i < 20_000; i++) sign(null, message, privateKey);
  });
  const rawVerify = await timed(() => {
    for (let i = 0; i < 20_000; i++) verify(null, message, publicKey, signature);
  });

  const single = await timed(() => {
    for (let i = 0; i < 500; i++) vault.record('item.view', [`item-${i}`], { n: i });
  });
  let appended = 0;
  const bulk = await timed(() => {
    while (appended < total) {
      vault.db.transaction(() => {
        for (let i = 0; i < batch; i++)
          vault.record('item.view', [`item-${appended + i}`], { n: appended + i, thumbnail: true });
      })();
      appended += batch;
    }
  });
  vault.ledger.checkpoint();
  const size = vault.ledger.size;
  const full = await timed(() => verifyLedger(vault, 'full'));
  // Incremental verification after 1,000 new entries, three rounds; the median is reported.
  const rounds: Array<{ seconds: number; entries: number }> = [];
  for (let round = 0; round < 3; round++) {
    vault.db.transaction(() => {
      for (let i = 0; i < 1000; i++) vault.record('item.reveal', [`item-${i}`], { reason: 'bench' });
    })();
    vault.ledger.checkpoint();
    const run = await timed(() => verifyLedger(vault, 'incremental'));
    rounds.push({ seconds: run.seconds, entries: run.value.entries });
  }
  const incremental = rounds.sort((a, b) => a.seconds - b.seconds)[1] as { seconds: number; entries: number };
  vault.lock();

  const rawSignRate = 20_000 / rawSign.seconds;
  const rawVerifyRate = 20_000 / rawVerify.seconds;
  table(`Ledger (${quick ? 'quick: ' : ''}${fmt(size, 0)} entries)`, [
    { measure: 'baseline: raw Ed25519 signs', figure: `${fmt(rawSignRate, 0)}/s`, ratio: '1.00', target: '' },
    {
      measure: 'signed appends, one transaction each (fsync)',
      figure: `${fmt(500 / single.seconds, 0)}/s`,
      ratio: fmt(500 / single.seconds / rawSignRate, 2),
      target: '',
    },
    {
      measure: `signed appends, ${batch} per transaction`,
      figure: `${fmt(total / bulk.seconds, 0)}/s`,
      ratio: fmt(total / bulk.seconds / rawSignRate, 2),
      target: '>= 5,000/s',
    },
    {
      measure: 'baseline: raw Ed25519 verifies',
      figure: `${fmt(rawVerifyRate, 0)}/s`,
      ratio: '1.00',
      target: '',
    },
    {
      measure: `full verification of ${fmt(size, 0)} entries`,
      figure: `${fmt(full.seconds, 1)} s (${fmt(size / full.seconds, 0)}/s)`,
      ratio: fmt(size / full.seconds / rawVerifyRate, 2),
      target: '1M in <= 60 s',
    },
    {
      measure: `incremental verification, ${fmt(incremental.entries, 0)} new entries (median of 3)`,
      figure: `${fmt(incremental.seconds * 1000, 1)} ms`,
      ratio: '',
      target: '<= 100 ms',
    },
  ]);
} finally {
  await rm(root, { recursive: true, force: true });
}
