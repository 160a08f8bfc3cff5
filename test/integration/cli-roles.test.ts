// Every CLI command that needs a role (the `report` commands have their own test), run by every role: a
// role shared/policy.ts refuses gets exit 1 and one line naming its role and the roles that may, and a
// permitted role succeeds. The refused roles come from the policy itself, so the table cannot drift from it.
// One vault with one user per role is made once and shared; the runs are sequential (the vault is locked
// by one process at a time).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../shared/domain';
import { mayDo, refusal, rolesFor, type Action } from '../../shared/policy';
import { addUser, generateSelfSignedIdentity, Vault } from '../../main/core/identity';
import { importBank } from '../../main/core/matching';
import { ingestPaths } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review';
import { runCli, type CliResult } from '../support/cli';
import { patternImage } from '../support/media';

/** The user acting in each role, and the spare users that user management acts on. */
const actors: Record<Role, string> = { admin: 'ana', supervisor: 'sam', counsel: 'cleo', analyst: 'ben' };
const spare = { removed: 'eve', reset: 'fay', self: 'gus' } as const;
const passphraseOf = (user: string) => `${user} passphrase for the role tests`;
const p12Password = 'p12 password for the role tests';

interface Setup {
  root: string;
  vault: string;
  env: Record<string, string>;
  image: string;
  caseFile: string;
  bankFile: string;
  p12: string;
  itemToShred: string;
}

let setup: Setup;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'custody-roles-'));
  const dir = join(root, 'vault');
  const env = { CUSTODY_STATE_DIR: join(root, 'state') };
  const vault = await Vault.create(
    dir,
    { user: actors.admin, passphrase: passphraseOf(actors.admin) },
    { stateDir: env.CUSTODY_STATE_DIR },
  );
  try {
    for (const role of roles.filter((r) => r !== 'admin'))
      await addUser(vault, actors[role], passphraseOf(actors[role]), role);
    for (const user of Object.values(spare)) await addUser(vault, user, passphraseOf(user), 'analyst');
    const src = join(root, 'src');
    await mkdir(src);
    for (const seed of [1, 2]) await writeFile(join(src, `${seed}.png`), await patternImage(seed));
    const ingested = await ingestPaths(vault, [join(src, '1.png')]);
    const shredTarget = ingested.outcomes[0];
    if (shredTarget?.kind !== 'ingested') throw new Error('The item to shred was not ingested.');
    const md5 = createHash('md5').update('a known file').digest('hex');
    await importBank(
      vault,
      (async function* () {
        yield { entry: { algorithm: 'md5' as const, value: md5, line: 1 } };
      })(),
      { name: 'old-list', version: '1', source: 'generated', kind: 'known', format: 'md5sum' },
    );
    const bankFile = join(root, 'list.md5');
    await writeFile(bankFile, `${createHash('md5').update('another file').digest('hex')}  another.bin\n`);
    const identity = await generateSelfSignedIdentity({ commonName: 'Role tests', organisation: 'Example' });
    const p12 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(identity.privateKeyPem),
      [forge.pki.certificateFromPem(identity.certificatePem)],
      p12Password,
      { algorithm: 'aes256' },
    );
    const p12File = join(root, 'identity.p12');
    await writeFile(p12File, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
    setup = {
      root,
      vault: dir,
      env,
      image: join(src, '2.png'),
      caseFile: await writeExampleCase(join(root, 'case')),
      bankFile,
      p12: p12File,
      itemToShred: shredTarget.itemId,
    };
  } finally {
    vault.lock();
  }
});

afterAll(async () => {
  if (setup) await rm(setup.root, { recursive: true, force: true });
});

interface Row {
  /** The command and what it does; its first word starts the command's error lines. */
  name: string;
  action: Action;
  /** The arguments after --vault DIR --user NAME, for a run by `role`. */
  args: (s: Setup, role: Role) => string[];
  /** The permitted role that runs it successfully. */
  doneBy: Role;
  env?: Record<string, string>;
  /** Runs as this user instead of the role's actor (for changing one's own passphrase). */
  user?: string;
}

const newPassphrase = { CUSTODY_NEW_PASSPHRASE: 'a new passphrase for the role tests' };

const rows: Row[] = [
  { name: 'ingest', action: 'item.ingest', args: (s) => ['ingest', s.image], doneBy: 'analyst' },
  {
    name: 'case import',
    action: 'case.import',
    args: (s) => ['case', 'import', s.caseFile],
    doneBy: 'analyst',
  },
  { name: 'match --vault', action: 'item.match', args: () => ['match'], doneBy: 'analyst' },
  {
    name: 'shred',
    action: 'item.shred',
    args: (s) => ['shred', s.itemToShred, '--reason', 'retention period ended'],
    doneBy: 'supervisor',
  },
  {
    name: 'banks import',
    action: 'bank.import',
    args: (s, role) => ['banks', 'import', s.bankFile, '--name', 'known-list', '--version', role],
    doneBy: 'analyst',
  },
  {
    name: 'banks import --kind allow',
    action: 'bank.import_allow',
    args: (s, role) => [
      'banks',
      'import',
      s.bankFile,
      '--kind',
      'allow',
      '--name',
      'allow-list',
      '--version',
      role,
    ],
    doneBy: 'supervisor',
  },
  {
    name: 'banks remove',
    action: 'bank.remove',
    args: () => ['banks', 'remove', 'old-list', '--reason', 'superseded by a new list'],
    doneBy: 'supervisor',
  },
  {
    name: 'log export',
    action: 'ledger.export',
    args: (s, role) => ['log', 'export', '--out', join(s.root, `ledger-${role}`)],
    doneBy: 'counsel',
  },
  {
    name: 'user add',
    action: 'user.manage',
    args: (_, role) => ['user', 'add', `added-by-${role}`, '--role', 'analyst'],
    doneBy: 'admin',
    env: newPassphrase,
  },
  {
    name: 'user passwd (another user)',
    action: 'user.manage',
    args: () => ['user', 'passwd', spare.reset],
    doneBy: 'admin',
    env: newPassphrase,
  },
  {
    name: 'user remove',
    action: 'user.manage',
    args: () => ['user', 'remove', spare.removed],
    doneBy: 'admin',
  },
  {
    name: 'user passwd (their own)',
    action: 'settings.self',
    args: () => ['user', 'passwd', spare.self],
    doneBy: 'analyst',
    env: newPassphrase,
    user: spare.self,
  },
  {
    name: 'org self-signed',
    action: 'organisation.configure',
    args: () => ['org', 'self-signed', '--name', 'Example Trust and Safety'],
    doneBy: 'admin',
  },
  {
    name: 'org import',
    action: 'organisation.configure',
    args: (s) => ['org', 'import', s.p12],
    doneBy: 'admin',
    env: { CUSTODY_P12_PASSWORD: p12Password },
  },
];

function run(row: Row, role: Role): Promise<CliResult> {
  const user = row.user ?? actors[role];
  return runCli([...row.args(setup, role), '--vault', setup.vault, '--user', user], {
    env: { ...setup.env, ...row.env },
    passphrase: passphraseOf(user),
  });
}

describe('CLI commands that need a role', () => {
  it.each(rows.map((row) => [`${row.name} (${row.action})`, row] as const))(
    '%s: refused for each role the policy excludes, done by a role it allows',
    async (_, row) => {
      expect(mayDo(row.doneBy, row.action)).toBe(true);
      for (const role of roles.filter((r) => !mayDo(r, row.action))) {
        const refused = await run(row, role);
        expect({ role, code: refused.code, stdout: refused.stdout, stderr: refused.stderr }).toEqual({
          role,
          code: 1,
          stdout: '',
          stderr: `custody ${row.name.split(' ')[0]}: ${refusal(role, row.action)}\n`,
        });
        for (const allowed of rolesFor(row.action)) expect(refused.stderr).toContain(allowed);
      }
      const done = await run(row, row.doneBy);
      expect({ code: done.code, stderr: done.stderr }).toMatchObject({ code: 0 });
      expect(done.stderr).not.toMatch(/cannot/);
    },
  );

  it('covers the refusals issue #11 names for an analyst: allow banks, bank removal, adding users', () => {
    const refusedToAnalyst = rows.filter((row) => !mayDo('analyst', row.action)).map((row) => row.action);
    expect(refusedToAnalyst).toEqual(
      expect.arrayContaining(['bank.import_allow', 'bank.remove', 'user.manage', 'item.shred']),
    );
  });
});
