// The role policy on `custody report`: for build, submit, retract and resolve, every role shared/policy.ts
// refuses gets exit 1 and one line saying who may, before anything is read, written or sent; a role it
// allows gets past the check. Roles come from the policy table, so the test follows it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../shared/domain';
import { mayDo, refusal, type Action } from '../../shared/policy';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { runCli, type CliResult } from '../support/cli';
import { passphrases } from '../support/temp';

const ncmecUser = { username: 'esp-test', password: 'stand-in password' };
const secrets: Record<Role, string> = {
  admin: passphrases.ana,
  analyst: 'analyst passphrase, generated',
  supervisor: 'supervisor passphrase, generated',
  counsel: 'counsel passphrase, generated',
};

/** Each command, the action the policy names for it, and its arguments after --vault. */
const commands: Array<{ name: string; action: Action; args: (caseId: string, root: string) => string[] }> = [
  {
    name: 'build',
    action: 'report.export',
    args: (id, root) => ['--case', id, '--out', join(root, `out-${id}`)],
  },
  { name: 'submit', action: 'report.submit', args: (id) => ['--case', id] },
  { name: 'retract', action: 'report.retract', args: (id) => ['--case', id] },
  {
    name: 'resolve',
    action: 'report.resolve',
    args: (id) => ['--case', id, '--abandon', '--reason', 'test'],
  },
];

let ncmec: NcmecServer;
let root: string;
let vault: string;
let caseId: string;
let env: Record<string, string>;

/** `custody report NAME` as the user holding `role` (each role's user is named after it). */
function asRole(role: Role, name: string, args: string[]): Promise<CliResult> {
  const user = role === 'admin' ? 'ana' : role;
  return runCli(['report', name, '--vault', vault, '--user', user, ...args], {
    env,
    passphrase: secrets[role],
  });
}

beforeAll(async () => {
  ncmec = await startNcmecServer({ users: [ncmecUser] });
  // One vault for the whole file (every test reads it), removed after the last.
  root = await mkdtemp(join(tmpdir(), 'custody-test-'));
  vault = join(root, 'vault');
  env = { CUSTODY_STATE_DIR: join(root, 'state') };
  const admin = { env: { ...env, CUSTODY_USER: 'ana' }, passphrase: passphrases.ana };
  const ok = (result: CliResult) => expect(result.code, result.stderr).toBe(0);
  ok(await runCli(['init', '--vault', vault, '--user', 'ana'], admin));
  for (const role of roles.filter((r) => r !== 'admin')) {
    const add = ['user', 'add', role, '--role', role, '--vault', vault, '--user', 'ana'];
    ok(
      await runCli(add, {
        env: { ...env, CUSTODY_NEW_PASSPHRASE: secrets[role] },
        passphrase: passphrases.ana,
      }),
    );
  }
  ok(await runCli(['case', 'example', '--out', join(root, 'example')]));
  const imported = await runCli(
    ['case', 'import', '--vault', vault, join(root, 'example', 'case.json')],
    admin,
  );
  ok(imported);
  caseId = imported.stdout.trim();
  ok(await runCli(['org', 'self-signed', '--vault', vault, '--name', 'Example Platform'], admin));
  const settings = [
    'report',
    'ncmec',
    '--vault',
    vault,
    '--environment',
    'local',
    '--endpoint',
    ncmec.baseUrl,
  ];
  ok(
    await runCli([...settings, '--ncmec-user', ncmecUser.username], {
      env: { ...admin.env, CUSTODY_NCMEC_PASSWORD: ncmecUser.password },
      passphrase: passphrases.ana,
    }),
  );
}, 120_000);

afterAll(async () => {
  await ncmec.close();
  await rm(root, { recursive: true, force: true });
});

describe('custody report, per role', () => {
  for (const command of commands) {
    const refused = roles.filter((role) => !mayDo(role, command.action));

    it(`${command.name}: refuses ${refused.join(', ')} with exit 1 and one line, and does nothing`, async () => {
      expect(refused.length).toBeGreaterThan(0);
      for (const role of refused) {
        const result = await asRole(role, command.name, command.args(caseId, root));
        expect({ role, code: result.code }).toEqual({ role, code: 1 });
        expect(result.stderr).toBe(`custody report: ${refusal(role, command.action)}\n`);
        expect(result.stdout).toBe('');
      }
      expect(ncmec.calls).toEqual([]);
      expect((await readdir(root)).filter((name) => name.startsWith('out-'))).toEqual([]);
    });
  }

  it('lets the roles the policy allows past the check', async () => {
    const allowed = (action: Action) => roles.find((role) => role !== 'admin' && mayDo(role, action)) as Role;
    const built = await asRole(allowed('report.export'), 'build', [
      '--case',
      caseId,
      '--out',
      join(root, 'pkg'),
    ]);
    expect(built.code, built.stderr).toBe(0);
    const submitted = await asRole(allowed('report.submit'), 'submit', ['--case', caseId]);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stdout.trim()).toBe(String([...ncmec.reports.keys()][0]));
    const retract = await asRole(allowed('report.retract'), 'retract', ['--case', caseId]);
    expect(retract.stderr).toMatch(/is finished; NCMEC does not allow retracting it/);
    const resolve = await asRole(allowed('report.resolve'), 'resolve', [
      '--case',
      caseId,
      '--abandon',
      '--reason',
      'test',
    ]);
    expect(resolve.stderr).toMatch(/is finished: there is nothing to resolve/);
  });
});
