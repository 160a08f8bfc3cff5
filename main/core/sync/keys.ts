// This workstation's sync keys: the age X25519 identity bundles are encrypted to, and the Ed25519 witness
// key it cosigns peers' checkpoints with (C2SP tlog-cosignature keeps it apart from the checkpoint key).
// Both are sealed with the data key; they are created once, recorded in the ledger, and never exported.
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { open, packSealed, seal, unpackSealed } from '../crypto';
import { TamperDetectedError } from '../errors';
import type { Vault } from '../identity';
import { generateSignerKey, parseSignerKey, type NoteSigner } from '../ledger';
import { insertSyncIdentity, readSyncIdentity } from './store';

export interface SyncKeys {
  /** `AGE-SECRET-KEY-1…`: opens bundles addressed to this workstation. */
  ageIdentity: string;
  /** `age1…`: what peers encrypt bundles to. */
  recipient: string;
  witness: NoteSigner;
}

const ageAad = Buffer.from('custody-sync-age-identity/1');
const witnessAad = Buffer.from('custody-sync-witness-key/1');

export function witnessName(workstationId: string): string {
  return `custody/${workstationId}/witness`;
}

/** The sync keys, or null before the first card or bundle made them. */
export function loadSyncKeys(vault: Vault): SyncKeys | null {
  const row = readSyncIdentity(vault.db);
  if (!row) return null;
  try {
    const key = vault.dataKey();
    const ageIdentity = open(key, unpackSealed(row.age_identity_sealed), ageAad).toString('utf8');
    const witness = parseSignerKey(
      open(key, unpackSealed(row.witness_key_sealed), witnessAad).toString('utf8'),
    );
    return { ageIdentity, recipient: row.recipient, witness };
  } catch {
    throw new TamperDetectedError('The sync keys of this workstation do not open: their row was changed.');
  }
}

/** The sync keys, made and recorded (`sync.identity`) the first time. */
export async function ensureSyncKeys(vault: Vault): Promise<SyncKeys> {
  const held = loadSyncKeys(vault);
  if (held) return held;
  const ageIdentity = await generateX25519Identity();
  const recipient = await identityToRecipient(ageIdentity);
  const { signerKey, verifierKey } = generateSignerKey(witnessName(vault.workstationId));
  const key = vault.dataKey();
  vault.db.transaction(() => {
    insertSyncIdentity(
      vault.db,
      {
        age_identity_sealed: packSealed(seal(key, Buffer.from(ageIdentity), ageAad)),
        recipient,
        witness_key_sealed: packSealed(seal(key, Buffer.from(signerKey), witnessAad)),
      },
      new Date().toISOString(),
    );
    vault.record('sync.identity', [vault.workstationId], { recipient, witness: verifierKey });
  })();
  const made = loadSyncKeys(vault);
  if (!made) throw new TamperDetectedError('The sync keys just stored cannot be read back.');
  return made;
}
