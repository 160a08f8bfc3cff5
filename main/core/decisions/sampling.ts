// Quality sampling: the share of decisions a supervisor sets aside for a blind re-review, and which ones
// are picked: a decision is sampled when the SHA-256 of "<seed>:<decision id>", read as a fraction of 2^32
// from its first four bytes, is below the share. Deterministic, so tests and every workstation agree.
// Owns the quality_sampling table.
import { createHash } from 'node:crypto';
import { samplingSettings, type SamplingSettings } from '../../../shared/decisions';
import { InvalidInputError } from '../errors';
import { requireRole, type Vault } from '../identity';

/** No sampling until a supervisor sets a share; the seed is fixed so the choice is reproducible. */
export const defaultSampling: SamplingSettings = { percent: 0, seed: 'custody-quality' };

export function readSampling(vault: Vault): SamplingSettings {
  const row = vault.db.prepare('SELECT percent, seed FROM quality_sampling WHERE id = 1').get() as
    SamplingSettings | undefined;
  return row ?? defaultSampling;
}

export function configureSampling(vault: Vault, settings: SamplingSettings): SamplingSettings {
  requireRole(vault, 'sampling.configure');
  const parsed = samplingSettings.safeParse(settings);
  if (!parsed.success)
    throw new InvalidInputError(`The sampling settings are not valid: ${parsed.error.message}`);
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO quality_sampling (id, percent, seed, set_by, set_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET percent = excluded.percent, seed = excluded.seed,
           set_by = excluded.set_by, set_at = excluded.set_at`,
      )
      .run(parsed.data.percent, parsed.data.seed, vault.user.id, new Date().toISOString());
    vault.record('sampling.configure', ['quality-sampling'], { ...parsed.data });
  })();
  return readSampling(vault);
}

/** Where the decision falls in [0, 1): the seeded hash of its id. */
export function samplingPoint(seed: string, decisionId: string): number {
  return createHash('sha256').update(`${seed}:${decisionId}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function isSampled(settings: SamplingSettings, decisionId: string): boolean {
  return samplingPoint(settings.seed, decisionId) < settings.percent / 100;
}
