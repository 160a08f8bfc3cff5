// The crash campaign: kill -9 at seeded random moments during `custody report build` (the signed package),
// `custody log export`, `custody banks import`, `custody report submit`, `custody preserve` (the BagIt
// preservation package), `custody sync export` (a bundle to a peer) and `custody sync import` (a peer's
// bundle with a new image each round), run by the real CLI in a child process, spread round-robin over the
// kills. After each kill the vault is unlocked (which sweeps interrupted exports) and verified: no corrupt
// vault, no lost item or bank that was committed before (an item present after a verified round counts as
// committed from then on), and no plaintext left outside the vault but completed exports, nor evidence
// bytes in clear inside the vault folder. CUSTODY_CRASH_KILLS sets the number of kills (14 here in CI, 200
// under `npm run fuzz`); CUSTODY_KILL_SEED=<seed> replays a run.
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureNcmec } from '../../main/core/cybertip';
import { installSelfSignedIdentity, Vault } from '../../main/core/identity';
import { verifyLedgerExport } from '../../main/core/ledger';
import { verifyPackage } from '../../main/core/preservation';
import { listBanks, removeBank } from '../../main/core/matching';
import { importCase } from '../../main/core/media';
import { exampleCaseFile, writeExampleCase } from '../../main/core/review/case-example';
import { exportBundle, addToRoster, decryptBundle, readBag, syncCard } from '../../main/core/sync';
import { ingestPaths } from '../../main/core/media';
import { verifyVault } from '../../main/core/verify';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { recordFigures } from '../fuzz/harness';
import { cliBundle, runCli, startCli } from '../support/cli';
import { patternImage } from '../support/media';
import { seededRandom, testSeed } from '../support/random';
import { passphrases, useTempDirs } from '../support/temp';

const kills = Number(process.env.CUSTODY_CRASH_KILLS ?? 14);
const seed = testSeed('CUSTODY_KILL_SEED');
const random = seededRandom(seed);
const operations = [
  'report build',
  'ledger export',
  'bank import',
  'submission',
  'preservation',
  'sync export',
  'sync import',
] as const;
type Operation = (typeof operations)[number];
const ncmecUser = { username: 'esp-test', password: 'stand-in password' };

const tempDir = useTempDirs();
let root: string;
let dir: string;
let out: string;
let env: Record<string, string>;
let server: NcmecServer;
let bigCase: string;
let bankFile: string;
/** The peer workstation: it reads the bundles this vault writes and writes the ones it imports. */
let peer: Vault;
let incoming: string;
/** Cases imported up front, one per submission (a submitted case is not submitted again). */
const submissionCases: string[] = [];
/** 32-byte slices of every evidence file: any file outside the vault holding one holds evidence. */
const markers: Buffer[] = [];
/** Items committed before the campaign, with their SHA-256: every one must survive every kill. */
let committedItems = new Map<string, string>();
/** Banks committed so far, with their entry counts: a finished import must survive later kills. */
const committedBanks = new Map<string, number>();
/** Committed banks kept to the end of the campaign; later ones are removed once they survived a kill. */
const sentinelBanks = 3;
/** How long each operation took uncut (CLI start-up included): kills land inside that span. */
const durations = new Map<Operation, number>();

const asAna = () => ({ env, passphrase: passphrases.ana });
const unlock = () =>
  Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir: env.CUSTODY_STATE_DIR });

/** The CLI arguments of `operation`'s `round`-th run (rounds -1 and -2: the uncut runs that measure it). */
function argsFor(operation: Operation, round: number): string[] {
  switch (operation) {
    case 'report build':
      return ['report', 'build', '--vault', dir, '--case', bigCase, '--out', join(out, `package-${round}`)];
    case 'ledger export':
      return ['log', 'export', '--vault', dir, '--out', join(out, `ledger-${round}`)];
    case 'bank import':
      return [
        'banks',
        'import',
        '--vault',
        dir,
        bankFile,
        '--format',
        'sha256sum',
        '--name',
        `bank-${round}`,
        '--version',
        '1',
      ];
    case 'submission':
      return ['report', 'submit', '--vault', dir, '--case', submissionCases.at(round) as string];
    case 'preservation':
      return ['preserve', '--vault', dir, '--case', bigCase, '--out', join(out, `preservation-${round}`)];
    case 'sync export':
      return ['sync', 'export', '--vault', dir, '--out', join(out, `sync-${round}.age`), '--all'];
    default:
      return ['sync', 'import', '--vault', dir, join(incoming, `peer-${round}.age`)];
  }
}

/** What a round needs before its CLI starts: for an import, the peer ingests a new image and writes a full bundle. */
async function prepareRound(operation: Operation, round: number): Promise<void> {
  if (operation !== 'sync import') return;
  const image = join(incoming, `peer-${round}.png`);
  const bytes = await patternImage(1000 + round, 'png', { width: 160, height: 120 });
  await writeFile(image, bytes);
  markers.push(Buffer.from(bytes.subarray(bytes.length >> 1, (bytes.length >> 1) + 32)));
  const summary = await ingestPaths(peer, [image]);
  expect(summary.outcomes[0]?.kind, `the peer ingests round ${round}'s image`).toBe('ingested');
  await rm(image);
  await exportBundle(peer, join(incoming, `peer-${round}.age`), { all: true });
}

beforeAll(async () => {
  root = await tempDir();
  dir = join(root, 'vault');
  out = join(root, 'exports');
  await mkdir(out);
  env = { CUSTODY_STATE_DIR: join(root, 'state') };
  const vault = await Vault.create(
    dir,
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: env.CUSTODY_STATE_DIR },
  );
  try {
    await installSelfSignedIdentity(vault, { commonName: 'Campaign signing', organisation: 'Campaign Org' });
    // The case the packages are built from: the example plus a 4 MiB original, so a build takes a while.
    const caseDir = join(root, 'case-big');
    await writeExampleCase(caseDir);
    const caseFile = exampleCaseFile();
    caseFile.files.push({ path: 'media/big.bin', fileRelevance: 'Supplemental Reported' });
    await writeFile(join(caseDir, 'media', 'big.bin'), randomBytes(4 * 1024 * 1024));
    await writeFile(join(caseDir, 'case.json'), JSON.stringify(caseFile));
    bigCase = (await importCase(vault, join(caseDir, 'case.json'))).caseId;
    for (const name of await readdir(join(caseDir, 'media'))) {
      const bytes = await readFile(join(caseDir, 'media', name));
      if (bytes.length >= 64)
        markers.push(Buffer.from(bytes.subarray(bytes.length >> 1, (bytes.length >> 1) + 32)));
    }
    const example = await writeExampleCase(join(root, 'case'));
    for (let i = 0; i < Math.ceil(kills / operations.length) + 2; i++)
      submissionCases.push((await importCase(vault, example)).caseId);
    server = await startNcmecServer({ users: [ncmecUser], lifetimeMs: 4 * 60 * 60 * 1000 });
    configureNcmec(vault, { environment: 'local', endpoint: server.baseUrl, ...ncmecUser });
    committedItems = new Map(
      (vault.db.prepare('SELECT id, sha256 FROM items').all() as Array<{ id: string; sha256: string }>).map(
        (r) => [r.id, r.sha256],
      ),
    );
    // The peer: each holds the other's card, so bundles go both ways.
    incoming = join(root, 'incoming');
    await mkdir(incoming);
    peer = await Vault.create(
      join(root, 'peer'),
      { user: 'ana', passphrase: passphrases.ana },
      { stateDir: join(root, 'peer-state') },
    );
    addToRoster(peer, (await syncCard(vault)).card, 'supervisor');
    addToRoster(vault, (await syncCard(peer)).card, 'supervisor');
  } finally {
    vault.lock();
  }
  // A bank list of 40,000 SHA-256 lines: its import is one long transaction.
  bankFile = join(root, 'bank.txt');
  await writeFile(
    bankFile,
    Array.from(
      { length: 40_000 },
      (_, i) => `${createHash('sha256').update(`bank ${i}`).digest('hex')}  f${i}\n`,
    ).join(''),
  );
  // Each operation twice, uncut: it works, and the faster run bounds the kill moments (the first run of a
  // command is slower, so a bound taken from it alone lets kills land after the end). The CLI is bundled
  // first, so that bundling is not timed either. Uncut runs use rounds -1 and -2.
  await cliBundle();
  for (const operation of operations) {
    for (const round of [-1, -2]) {
      await prepareRound(operation, round);
      const started = performance.now();
      const result = await runCli(argsFor(operation, round), asAna());
      expect(result.code, `${operation} uncut: ${result.stderr}`).toBe(0);
      const took = performance.now() - started;
      durations.set(operation, Math.min(took, durations.get(operation) ?? took));
    }
  }
  // The uncut exports are complete (and removed), so the campaign starts from an empty exports folder.
  const uncut = await leftBehind();
  expect(uncut.left).toEqual([]);
  expect(uncut.completed).toBe(8);
  await noteBanks();
}, 600_000);

afterAll(async () => {
  peer?.lock();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

async function noteBanks(): Promise<void> {
  const vault = await unlock();
  try {
    for (const bank of listBanks(vault)) committedBanks.set(bank.id, bank.entries);
  } finally {
    vault.lock();
  }
}

/** Every file under `path`, without following links. */
async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else files.push(full);
  }
  return files;
}

/** Whether `folder` is a finished report package: a manifest, its signature, and every listed file intact. */
async function isCompletePackage(folder: string): Promise<boolean> {
  let manifest: string;
  try {
    manifest = await readFile(join(folder, 'manifest-sha256.txt'), 'utf8');
    await readFile(join(folder, 'manifest-sha256.txt.p7s'));
  } catch {
    return false;
  }
  const listed = new Set(['manifest-sha256.txt', 'manifest-sha256.txt.p7s']);
  for (const line of manifest.split('\n').filter(Boolean)) {
    const [hash, relative] = line.split('  ') as [string, string];
    listed.add(relative);
    const bytes = await readFile(join(folder, relative)).catch(() => null);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== hash) return false;
  }
  const present = (await filesUnder(folder)).map((f) => f.slice(folder.length + 1));
  return present.every((f) => listed.has(f));
}

/** Whether `folder` is a finished preservation package: its bag, signature and ledger proofs all verify. */
async function isCompletePreservation(folder: string): Promise<boolean> {
  return verifyPackage(folder).then(
    () => true,
    () => false,
  );
}

/** Whether `file` is a finished sync bundle: the peer it is addressed to decrypts it and reads the whole bag. */
async function isCompleteBundle(file: string): Promise<boolean> {
  return decryptBundle(peer, file)
    .then((tar) => readBag(tar))
    .then(
      () => true,
      () => false,
    );
}

async function isCompleteLedgerExport(folder: string): Promise<boolean> {
  return verifyLedgerExport(folder).then(
    () => true,
    () => false,
  );
}

/**
 * What is left under the exports folder that is not a completed export: staging folders, half-written
 * packages or ledger exports. Each is plaintext left behind; `evidence` says whether original bytes are in it.
 * A completed export, once checked, is removed (and counted), so each round checks only what it wrote.
 */
async function leftBehind(): Promise<{
  left: Array<{ path: string; evidence: boolean }>;
  completed: number;
}> {
  const left: Array<{ path: string; evidence: boolean }> = [];
  let completed = 0;
  for (const entry of await readdir(out, { withFileTypes: true })) {
    const path = join(out, entry.name);
    const complete = entry.isDirectory()
      ? entry.name.startsWith('package-')
        ? await isCompletePackage(path)
        : entry.name.startsWith('ledger-')
          ? await isCompleteLedgerExport(path)
          : entry.name.startsWith('preservation-')
            ? await isCompletePreservation(path)
            : false
      : entry.name.startsWith('sync-')
        ? await isCompleteBundle(path)
        : false;
    if (complete) {
      completed++;
      await rm(path, { recursive: true, force: true });
      continue;
    }
    const files = entry.isDirectory() ? await filesUnder(path) : [path];
    let evidence = false;
    for (const file of files) {
      const bytes = await readFile(file);
      if (markers.some((marker) => bytes.includes(marker))) evidence = true;
    }
    left.push({ path, evidence });
  }
  return { left, completed };
}

/** Files in the vault folder (but the encrypted database and its WAL) holding evidence bytes in clear. */
async function clearEvidenceInVault(): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    if (/vault\.db(-wal|-shm)?$/.test(file)) continue;
    const bytes = await readFile(file);
    if (markers.some((marker) => bytes.includes(marker))) found.push(file);
  }
  return found;
}

interface Figures {
  kills: number;
  killedMidOperation: number;
  corrupt: number;
  lost: number;
  plaintextLeft: number;
  evidenceLeft: number;
  /** Exports found complete after their round (the kill came after they finished): checked, then removed. */
  completed: number;
}

const noFigures = (): Figures => ({
  kills: 0,
  killedMidOperation: 0,
  corrupt: 0,
  lost: 0,
  plaintextLeft: 0,
  evidenceLeft: 0,
  completed: 0,
});

describe('crash campaign: kill -9 during exports, bank import, submission, preservation and sync', () => {
  it(
    `leaves no corrupt vault, no lost item and no plaintext (${kills} kills, CUSTODY_KILL_SEED=${seed})`,
    async () => {
      const figures = Object.fromEntries(operations.map((op) => [op, noFigures()])) as Record<
        Operation,
        Figures
      >;
      const problems: string[] = [];
      const started = performance.now();
      const minutes = () => ((performance.now() - started) / 60_000).toFixed(1);
      for (let round = 0; round < kills; round++) {
        // A progress line every 25 kills, so a run cut short still says how far it got.
        if (round > 0 && round % 25 === 0)
          console.log(
            `crash campaign: ${round} of ${kills} kills in ${minutes()} min, ${problems.length} problems`,
          );
        const operation = operations[round % operations.length] as Operation;
        const counts = figures[operation];
        const span = durations.get(operation) ?? 1000;
        const delayMs = Math.round(span * (0.25 + 0.85 * random.next()));
        const run = Math.floor(round / operations.length);
        await prepareRound(operation, run);
        const child = await startCli(argsFor(operation, run), asAna());
        const exited = new Promise<NodeJS.Signals | null>((done) =>
          child.on('close', (_, signal) => done(signal)),
        );
        const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
        const signal = await exited;
        clearTimeout(timer);
        counts.kills++;
        if (signal === 'SIGKILL') counts.killedMidOperation++;
        const where = `round ${round}, ${operation}, killed after ${delayMs} ms (CUSTODY_KILL_SEED=${seed})`;

        let vault: Vault;
        try {
          vault = await unlock();
        } catch (error) {
          counts.corrupt++;
          problems.push(`${where}: the vault does not open: ${(error as Error).message}`);
          continue;
        }
        try {
          const verified = await verifyVault(vault);
          if (verified.problems.length > 0) {
            counts.corrupt++;
            problems.push(`${where}: verify: ${verified.problems.join('; ')}`);
          }
          const items = new Map(
            (
              vault.db.prepare('SELECT id, sha256 FROM items').all() as Array<{ id: string; sha256: string }>
            ).map((r) => [r.id, r.sha256]),
          );
          const banks = new Map(listBanks(vault).map((b) => [b.id, b.entries]));
          const lostItems = [...committedItems].filter(([id, sha256]) => items.get(id) !== sha256);
          const lostBanks = [...committedBanks].filter(([id, entries]) => banks.get(id) !== entries);
          if (lostItems.length + lostBanks.length > 0) {
            counts.lost++;
            problems.push(`${where}: lost ${lostItems.length} item(s) and ${lostBanks.length} bank(s)`);
          }
          // Every bank committed before this round survived this kill (checked above). Past the first three,
          // which stay to the end, each is then removed (a recorded bank.remove), so the vault does not grow
          // by a 40,000-entry bank every fifth round and each round's verify costs the same.
          for (const id of [...committedBanks.keys()].slice(sentinelBanks)) {
            removeBank(vault, id, 'crash campaign: survived a later kill');
            committedBanks.delete(id);
            banks.delete(id);
          }
          for (const [id, entries] of banks) committedBanks.set(id, entries);
          // What a verified round holds is committed: later kills must not lose it (a sync import's items).
          if (verified.problems.length === 0)
            for (const [id, sha256] of items) committedItems.set(id, sha256);
        } finally {
          vault.lock();
        }
        if (operation === 'sync import') {
          const clear = await clearEvidenceInVault();
          if (clear.length > 0) {
            counts.plaintextLeft++;
            counts.evidenceLeft++;
            problems.push(`${where}: evidence in clear inside the vault folder: ${clear.join(', ')}`);
          }
        }
        const { left, completed } = await leftBehind();
        counts.completed += completed;
        if (left.length > 0) {
          counts.plaintextLeft++;
          if (left.some((l) => l.evidence)) counts.evidenceLeft++;
          problems.push(
            `${where}: left outside the vault: ${left.map((l) => `${l.path}${l.evidence ? ' (with evidence bytes)' : ''}`).join(', ')}`,
          );
          // Removed so that the next rounds count only what they leave themselves.
          await Promise.all(left.map((l) => rm(l.path, { recursive: true, force: true })));
        }
      }
      const total = noFigures();
      for (const f of Object.values(figures))
        for (const key of Object.keys(total) as Array<keyof Figures>) total[key] += f[key];
      for (const [operation, f] of Object.entries(figures))
        console.log(
          `crash campaign, ${operation}: ${f.kills} kills (${f.killedMidOperation} mid-operation, ${f.completed} complete exports checked), ${f.corrupt} corrupt, ${f.lost} lost, ${f.plaintextLeft} plaintext left (${f.evidenceLeft} with evidence bytes); uncut ${Math.round(durations.get(operation as Operation) ?? 0)} ms`,
        );
      console.log(
        `crash campaign (CUSTODY_KILL_SEED=${seed}): ${total.kills} of ${kills} kills in ${minutes()} min, ${total.killedMidOperation} mid-operation, ${total.corrupt} corrupt, ${total.lost} lost, ${total.plaintextLeft} plaintext left`,
      );
      recordFigures({
        campaign: 'kill -9',
        seed,
        ...total,
        planned: kills,
        minutes: Number(minutes()),
        perOperation: figures,
      });
      expect(problems, `CUSTODY_KILL_SEED=${seed}`).toEqual([]);
      expect({ corrupt: total.corrupt, lost: total.lost, plaintextLeft: total.plaintextLeft }).toEqual({
        corrupt: 0,
        lost: 0,
        plaintextLeft: 0,
      });
      // A campaign whose kills all came after the end would test nothing.
      expect(
        total.killedMidOperation,
        `kills that landed mid-operation (CUSTODY_KILL_SEED=${seed})`,
      ).toBeGreaterThan(kills / 2);
    },
    // A minute a kill: under load a round takes up to half a minute; the run must not be cut short.
    Math.max(600_000, kills * 60_000),
  );
});
