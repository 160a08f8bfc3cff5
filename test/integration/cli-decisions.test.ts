// The fairness gate through the real `custody` CLI: a PDQ-only case is refused by `custody report submit`
// (exit 1, naming the item and what it needs) until one analyst decides and a second agrees blind; then it
// is reported to the local NCMEC stand-in. `custody decide gate` says the same; `custody appeal review` by
// the person who decided is refused; `custody gate set` is an admin's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { runCli, type CliResult } from '../support/cli';
import { pdqOnlyFile, writePdqOnlyCase } from '../support/decisions';
import { passphrases } from '../support/temp';

const ncmecUser = { username: 'esp-test', password: 'stand-in password' };
const secrets = { ana: passphrases.ana, ben: 'ben analyst passphrase', cy: 'cy analyst passphrase!' };
type Who = keyof typeof secrets;

let ncmec: NcmecServer;
let root: string;
let vault: string;
let caseId: string;
let env: Record<string, string>;

function as(who: Who, args: string[]): Promise<CliResult> {
  const [command, ...rest] = args;
  return runCli([command as string, ...rest, '--vault', vault, '--user', who], {
    env,
    passphrase: secrets[who],
  });
}

const ok = (result: CliResult) => {
  expect(result.code, result.stderr).toBe(0);
  return result;
};

beforeAll(async () => {
  ncmec = await startNcmecServer({ users: [ncmecUser] });
  root = await mkdtemp(join(tmpdir(), 'custody-test-'));
  vault = join(root, 'vault');
  env = { CUSTODY_STATE_DIR: join(root, 'state') };
  const { caseFile, bankFile } = await writePdqOnlyCase(root, 8);
  ok(await runCli(['init', '--vault', vault, '--user', 'ana'], { env, passphrase: passphrases.ana }));
  for (const user of ['ben', 'cy'] as const) {
    ok(
      await runCli(['user', 'add', user, '--role', 'analyst', '--vault', vault, '--user', 'ana'], {
        env: { ...env, CUSTODY_NEW_PASSPHRASE: secrets[user] },
        passphrase: passphrases.ana,
      }),
    );
  }
  ok(
    await as('ana', [
      'banks',
      'import',
      bankFile,
      '--name',
      'near-copies',
      '--version',
      '1',
      '--format',
      'pdq',
    ]),
  );
  caseId = ok(await as('ana', ['case', 'import', caseFile])).stdout.trim();
  ok(await as('ana', ['org', 'self-signed', '--name', 'Example Platform']));
  ok(
    await runCli(
      [
        'report',
        'ncmec',
        '--vault',
        vault,
        '--user',
        'ana',
        '--environment',
        'local',
        '--endpoint',
        ncmec.baseUrl,
        '--ncmec-user',
        ncmecUser.username,
      ],
      { env: { ...env, CUSTODY_NCMEC_PASSWORD: ncmecUser.password }, passphrase: passphrases.ana },
    ),
  );
}, 180_000);

afterAll(async () => {
  await ncmec.close();
  await rm(root, { recursive: true, force: true });
});

describe('custody decide and the fairness gate', () => {
  it('refuses to submit a PDQ-only case until a second reviewer agrees, then reports it', async () => {
    const refused = await as('ana', ['report', 'submit', '--case', caseId]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^custody report: Case ".*" cannot be reported yet: the fairness gate \(policy version 0\) is not satisfied\./,
    );
    expect(refused.stderr).toContain(`Item ${pdqOnlyFile}: matched only by PDQ and no decision is recorded`);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(ncmec.calls).toEqual([]);

    const decide = [
      'decide',
      'record',
      '--case',
      caseId,
      '--report',
      'report',
      '--category',
      'A2',
      '--action',
      'remove-content',
    ];
    const first = ok(await as('ben', [...decide, '--rationale', 'Near copy of a banked image.', '--json']));
    const decision = JSON.parse(first.stdout) as { id: string; state: string; alone: boolean };
    expect(decision).toMatchObject({ state: 'awaiting-second', alone: false });

    const stillRefused = await as('ana', ['report', 'submit', '--case', caseId]);
    expect(stillRefused.code).toBe(1);
    expect(stillRefused.stderr).toMatch(/the decision by ben needs a second reviewer who agrees/);
    const gate = await as('ana', ['decide', 'gate', '--case', caseId]);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/needs a second reviewer who agrees/);

    // Blind: the second reviewer's listing withholds the first decision; the decider may not review it.
    const listed = ok(await as('cy', ['decide', 'list', '--case', caseId]));
    expect(listed.stdout).toContain('blind: record your own review first');
    expect(listed.stdout).not.toContain('remove-content');
    const own = await as('ben', [
      'decide',
      'review',
      '--decision',
      decision.id,
      '--report',
      'report',
      '--category',
      'A2',
      '--action',
      'remove-content',
      '--rationale',
      'mine',
    ]);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/its review must be by another person/);

    const second = ok(
      await as('cy', [
        'decide',
        'review',
        '--decision',
        decision.id,
        '--report',
        'report',
        '--category',
        'A2',
        '--action',
        'remove-content',
        '--rationale',
        'Same image, resized.',
      ]),
    );
    expect(second.stdout).toMatch(/second by cy .*\[agrees\]: report, action remove-content, category A2/);
    ok(await as('ana', ['decide', 'gate', '--case', caseId]));

    const submitted = ok(await as('ana', ['report', 'submit', '--case', caseId]));
    expect(submitted.stdout).toMatch(/^\d+\n$/);
    expect([...ncmec.reports.values()].filter((r) => r.state === 'finished')).toHaveLength(1);

    // An appeal: the person who decided cannot review it (and an analyst's role may not at all).
    ok(
      await as('ben', [
        'appeal',
        'record',
        '--decision',
        decision.id,
        '--statement',
        'The account holder disputes it.',
      ]),
    );
    const appeals = JSON.parse(ok(await as('ana', ['appeal', 'list', '--json'])).stdout) as Array<{
      id: string;
    }>;
    const byDecider = await as('ben', [
      'appeal',
      'review',
      '--appeal',
      appeals[0]?.id ?? '',
      '--outcome',
      'upheld',
      '--rationale',
      'x',
    ]);
    expect(byDecider.code).toBe(1);
    const reversed = ok(
      await as('ana', [
        'appeal',
        'review',
        '--appeal',
        appeals[0]?.id ?? '',
        '--outcome',
        'reversed',
        '--rationale',
        'False positive.',
      ]),
    );
    expect(reversed.stdout).toMatch(
      /\[reversed\].*Follow-up \(supplemental\): CyberTipline report \d+ is finished/,
    );
  }, 120_000);

  it('lets only an admin change the gate policy, each change a new version', async () => {
    const refused = await as('ben', ['gate', 'set', '--pdq-alone', '4', '--reason', 'tighter']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot change the fairness-gate policy/);
    const set = ok(
      await as('ana', ['gate', 'set', '--pdq-alone', '4', '--every-item', 'yes', '--reason', 'tighter']),
    );
    expect(set.stdout).toMatch(/^version 1 set by ana/);
    const shown = ok(await as('ben', ['gate', 'show']));
    expect(shown.stdout).toMatch(
      /version 1 set by ana.*tighter[\s\S]*distance <= 4[\s\S]*version 0: the default policy/,
    );
    const usage = await as('ana', ['gate', 'set', '--pdq-alone', 'far', '--reason', 'x']);
    expect(usage.code).toBe(2);
  }, 60_000);
});
