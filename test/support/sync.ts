// Teams of test vaults for sync: each in its own folder with its own state directory, every member on
// every other's roster, generated images ingested into a member, bundles written by a member, and a
// byte-for-byte fingerprint of a vault folder (database, key slots, blobs).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Role } from '../../shared/domain';
import { Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { itemProjection } from '../../main/core/review';
import { addToRoster, exportBundle, importBundle, syncCard } from '../../main/core/sync';
import { patternImage } from './media';
import { passphrases } from './temp';

export interface Member {
  name: string;
  root: string;
  vault: Vault;
}

export async function makeMember(tempDir: () => Promise<string>, name: string): Promise<Member> {
  const root = await tempDir();
  const vault = await Vault.create(
    join(root, 'vault'),
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: join(root, 'state') },
  );
  return { name, root, vault };
}

/** Members who each hold every other's card, with `role` for the others' users. */
export async function makeTeam(
  tempDir: () => Promise<string>,
  names: readonly string[],
  role: Role = 'supervisor',
): Promise<Member[]> {
  const team: Member[] = [];
  for (const name of names) team.push(await makeMember(tempDir, name));
  const cards = new Map<string, string>();
  for (const m of team) cards.set(m.name, (await syncCard(m.vault)).card);
  for (const m of team) {
    for (const peer of team) if (peer !== m) addToRoster(m.vault, cards.get(peer.name) ?? '', role);
  }
  return team;
}

/** Generated images (one per seed) ingested into a member; their item ids, in seed order. */
export async function ingestImages(
  tempDir: () => Promise<string>,
  member: Member,
  seeds: readonly number[],
): Promise<string[]> {
  const dir = await tempDir();
  const files: string[] = [];
  for (const seed of seeds) {
    const file = join(dir, `${member.name}-${seed}.png`);
    await writeFile(file, await patternImage(seed));
    files.push(file);
  }
  const summary = await ingestPaths(member.vault, files);
  return summary.outcomes.map((o) => (o as { itemId: string }).itemId);
}

let bundleCount = 0;
/** A bundle written by a member (to the members named, else its whole roster), in its folder. */
export async function bundleFrom(member: Member, to?: readonly Member[], all = false): Promise<string> {
  const out = join(member.root, `bundle-${bundleCount++}.age`);
  await exportBundle(member.vault, out, { to: to?.map((m) => m.vault.workstationId), all });
  return out;
}

/** A member's item with that SHA-256 (peers' ids differ; content is what they share). */
export function itemBySha(m: Member, sha256: string): string {
  const item = itemProjection(m.vault).find((i) => i.sha256 === sha256);
  if (!item) throw new Error(`${m.name} has no item ${sha256}`);
  return item.id;
}

export function shaOf(m: Member, itemId: string): string {
  const item = itemProjection(m.vault).find((i) => i.id === itemId);
  if (!item) throw new Error(`${m.name} has no item ${itemId}`);
  return item.sha256;
}

/** A bundle from one member to another, imported there. */
export async function send(from: Member, to: Member): Promise<Awaited<ReturnType<typeof importBundle>>> {
  return importBundle(to.vault, await bundleFrom(from, [to]));
}

/**
 * SHA-256 of every file under a folder, by relative path. SQLite's `-shm` file is left out: it is the
 * WAL's shared-memory index, which readers rewrite and SQLite rebuilds; it holds no data.
 */
export async function folderPrint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        out[`${relative(dir, path)}/`] = 'dir';
        await walk(path);
      } else if (!entry.name.endsWith('-shm'))
        out[relative(dir, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir);
  return out;
}
