// The two workstations the peer screens' seeds start from, built with the core's own functions before the
// app starts: a field office ("Field office", ana) and the team's vault (ana the admin and sue a
// supervisor), with a scratch folder for generated images that is removed, and both vaults locked, after.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addUser, Vault } from '../../main/core/identity';
import type { VaultFolders } from './fixtures';

export const peerTeam = {
  ana: { user: 'ana', passphrase: 'correct horse battery staple' },
  sue: { user: 'sue', passphrase: 'sue supervisor passphrase' },
} as const;

export interface PeerPair {
  field: Vault;
  team: Vault;
  /** A scratch folder for the seed's generated images. */
  source: string;
}

export async function withFieldAndTeam(
  folders: VaultFolders,
  teamName: string,
  build: (pair: PeerPair) => Promise<void>,
): Promise<void> {
  const field = await Vault.create(join(folders.vaultsRoot, 'Field office'), peerTeam.ana, {
    stateDir: folders.stateDir,
  });
  const team = await Vault.create(join(folders.vaultsRoot, teamName), peerTeam.ana, {
    stateDir: folders.stateDir,
  });
  const source = await mkdtemp(join(folders.userData, 'peers-'));
  try {
    await addUser(team, peerTeam.sue.user, peerTeam.sue.passphrase, 'supervisor');
    await build({ field, team, source });
  } finally {
    field.lock();
    team.lock();
    await rm(source, { recursive: true, force: true });
  }
}
