// Vaults for the decision end-to-end tests, built with the core's own functions before the app starts
// (generated shapes only). `decisionsSeed`: the benign example case whose screenshot is matched only by
// PDQ (distance 8, no reveal), an organisation identity, NCMEC settings for the local stand-in, and a team:
// ana (admin), ben and cy (analysts). `qualitySeed`: five decisions with blind second reviews of known
// agreement — ben's three A1 decisions (two agreed), cy's two B2 decisions (both agreed).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecisionOutcome } from '../../shared/decisions';
import { configureNcmec } from '../../main/core/cybertip';
import { recordDecision, reviewDecision } from '../../main/core/decisions';
import { addUser, Vault } from '../../main/core/identity';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { installIdentity } from '../../main/core/identity/store';
import { importBank, readBankFile } from '../../main/core/matching';
import { importCase, ingestPaths } from '../../main/core/media';
import { writePdqOnlyCase } from '../support/decisions';
import { shapesImage } from '../support/media';
import type { VaultFolders, VaultSeed } from './fixtures';

export const team = {
  ana: { user: 'ana', passphrase: 'correct horse battery staple' },
  ben: { user: 'ben', passphrase: 'ben analyst passphrase' },
  cy: { user: 'cy', passphrase: 'cy analyst passphrase!' },
} as const;

export const ncmecUser = { username: 'esp-test', password: 'stand-in password' };

async function teamVault(folders: VaultFolders, name: string): Promise<Vault> {
  const vault = await Vault.create(join(folders.vaultsRoot, name), team.ana, { stateDir: folders.stateDir });
  await addUser(vault, team.ben.user, team.ben.passphrase, 'analyst');
  await addUser(vault, team.cy.user, team.cy.passphrase, 'analyst');
  return vault;
}

/** The PDQ-only case vault, reporting to the stand-in at `endpoint()` (known once the stand-in runs). */
export function decisionsSeed(endpoint: () => string): VaultSeed {
  return {
    async run(folders) {
      const vault = await teamVault(folders, 'Decisions');
      const source = await mkdtemp(join(folders.userData, 'decisions-'));
      try {
        const { caseFile, bankFile } = await writePdqOnlyCase(source, 8);
        await importBank(vault, readBankFile(bankFile, { format: 'pdq' }), {
          name: 'near-copies',
          version: '1',
          source: 'generated for tests',
          kind: 'known',
          format: 'pdq',
        });
        await importCase(vault, caseFile);
        installIdentity(
          vault,
          await generateSelfSignedIdentity({
            commonName: 'Custody e2e',
            organisation: 'Example Trust & Safety',
          }),
          'self-signed',
        );
        configureNcmec(vault, {
          environment: 'local',
          endpoint: endpoint(),
          username: ncmecUser.username,
          password: ncmecUser.password,
        });
      } finally {
        vault.lock();
        await rm(source, { recursive: true, force: true });
      }
    },
  };
}

export const qualitySeed: VaultSeed = {
  async run(folders) {
    const admin = await teamVault(folders, 'Quality');
    const source = await mkdtemp(join(folders.userData, 'quality-'));
    const ids: string[] = [];
    try {
      for (let n = 1; n <= 5; n++) await writeFile(join(source, `scene-${n}.png`), await shapesImage(20 + n));
      const summary = await ingestPaths(admin, [source]);
      ids.push(...summary.outcomes.flatMap((o) => ('itemId' in o ? [o.itemId] : [])));
    } finally {
      admin.lock();
      await rm(source, { recursive: true, force: true });
    }
    if (ids.length !== 5) throw new Error(`The quality seed ingested ${ids.length} of 5 images.`);
    const as = (who: keyof typeof team) =>
      Vault.unlock(join(folders.vaultsRoot, 'Quality'), team[who], { stateDir: folders.stateDir });
    const plan = [
      { by: 'ben', category: 'A1', agree: true },
      { by: 'ben', category: 'A1', agree: true },
      { by: 'ben', category: 'A1', agree: false },
      { by: 'cy', category: 'B2', agree: true },
      { by: 'cy', category: 'B2', agree: true },
    ] as const;
    const firsts: string[] = [];
    for (const [n, step] of plan.entries()) {
      const vault = await as(step.by);
      try {
        const outcome: DecisionOutcome = {
          category: step.category,
          report: 'report',
          action: 'remove-content',
          annotations: [],
        };
        firsts.push(
          recordDecision(vault, 'item', ids[n] as string, { outcome, rationale: 'Seeded decision.' }).id,
        );
      } finally {
        vault.lock();
      }
    }
    for (const [n, step] of plan.entries()) {
      const vault = await as(step.by === 'ben' ? 'cy' : 'ben');
      try {
        const outcome: DecisionOutcome = step.agree
          ? { category: step.category, report: 'report', action: 'remove-content', annotations: [] }
          : { category: 'none', report: 'no-report', action: 'none', annotations: [] };
        reviewDecision(vault, firsts[n] as string, { outcome, rationale: 'Seeded blind review.' });
      } finally {
        vault.lock();
      }
    }
  },
};
