// A workstation's roster card: who it is (workstation id, ledger origin), its keys (checkpoint key, age
// recipient, witness key), its users with their roles and every ledger key they sign with. A card is a
// C2SP signed note signed by the workstation's own key; its fingerprint (over the workstation id and its
// three keys) is what two admins compare out of band. Parsing is strict: cards cross a trust boundary.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { roles } from '../../../shared/domain';
import { InvalidInputError, NotFoundError, TamperDetectedError } from '../errors';
import { listUsers, storedKeys, type Vault } from '../identity';
import {
  canonicalize,
  decodeCanonicalBase64,
  parseNote,
  parseVerifierKey,
  signNote,
  verifyNote,
  type NoteVerifier,
} from '../ledger';
import type { SyncKeys } from './keys';

/** Cards are small: a few keys per user, a few hundred users at most. */
export const maxCardBytes = 256 * 1024;
const cardHeader = 'custody-sync-card/1\n';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
const keyText = z.string().min(1).max(400);

export const cardSchema = z
  .object({
    v: z.literal(1),
    workstation: id,
    origin: z.string().min(1).max(200),
    recipient: z.string().regex(/^age1[0-9a-z]{58}$/),
    witness: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    checkpointKey: keyText,
    users: z
      .array(z.object({ id: id, name: z.string().min(1).max(100), role: z.enum(roles) }).strict())
      .max(1000),
    keys: z
      .array(
        z
          .object({
            name: z.string().min(1).max(300),
            owner: z.string().min(1).max(100),
            verifierKey: keyText,
          })
          .strict(),
      )
      .max(5000),
    issued: z.string().datetime({ offset: false }),
  })
  .strict();

export type CardContent = z.infer<typeof cardSchema>;

export interface Card {
  content: CardContent;
  /** The signed note, exactly as it travels. */
  text: string;
  fingerprint: string;
  /** The verifier of the workstation's key (checkpoints, cards, bundle manifests). */
  checkpointVerifier: NoteVerifier;
  /** The raw Ed25519 witness public key. */
  witnessKey: Buffer;
}

export class CardError extends InvalidInputError {}

/** SHA-256 over the workstation and its keys, first 20 bytes in groups of four hex digits. */
export function cardFingerprint(
  content: Pick<CardContent, 'workstation' | 'checkpointKey' | 'recipient' | 'witness'>,
): string {
  const digest = createHash('sha256')
    .update(
      canonicalize({
        workstation: content.workstation,
        checkpointKey: content.checkpointKey,
        recipient: content.recipient,
        witness: content.witness,
      }),
    )
    .digest('hex')
    .slice(0, 40);
  return digest.match(/.{4}/g)?.join(' ') ?? digest;
}

/** This workstation's card, as of now, signed with its workstation key. */
export function makeCard(vault: Vault, keys: SyncKeys, now = new Date()): Card {
  const signer = vault.workstationSigner();
  const checkpointKey = storedKeys(vault.db).find((k) => k.name === signer.name)?.verifierKey;
  if (!checkpointKey) throw new TamperDetectedError('The workstation key is missing from the vault.');
  const content: CardContent = {
    v: 1,
    workstation: vault.workstationId,
    origin: signer.name,
    recipient: keys.recipient,
    witness: Buffer.from(keys.witness.publicKey).toString('base64'),
    checkpointKey,
    users: listUsers(vault).map((u) => ({ id: u.id, name: u.name, role: u.role })),
    keys: storedKeys(vault.db)
      .filter((k) => k.owner !== 'workstation')
      .map((k) => ({ name: k.name, owner: k.owner, verifierKey: k.verifierKey })),
    issued: now.toISOString(),
  };
  const text = signNote(`${cardHeader}${canonicalize(content)}\n`, [signer]);
  return readCard(text);
}

/** Reads and verifies a card (its own workstation key must sign it); throws CardError naming the fault. */
export function readCard(text: string): Card {
  if (Buffer.byteLength(text, 'utf8') > maxCardBytes)
    throw new CardError(`A card is at most ${maxCardBytes} bytes.`);
  let body: string;
  try {
    body = parseNote(text).text;
  } catch (error) {
    throw new CardError(`The card is not a signed note: ${(error as Error).message}`);
  }
  if (!body.startsWith(cardHeader))
    throw new CardError('The card does not start with "custody-sync-card/1".');
  const json = body.slice(cardHeader.length, -1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CardError('The card body is not JSON.');
  }
  const result = cardSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CardError(`The card has a bad field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`);
  }
  const content = result.data;
  if (canonicalize(content) !== json) throw new CardError('The card body is not in canonical JSON form.');
  if (content.origin !== `custody/${content.workstation}`) {
    throw new CardError(`The card's origin "${content.origin}" is not its workstation's log.`);
  }
  let checkpointVerifier: NoteVerifier;
  try {
    checkpointVerifier = parseVerifierKey(content.checkpointKey);
    for (const key of content.keys) parseVerifierKey(key.verifierKey);
  } catch (error) {
    throw new CardError(`The card holds a key that does not read: ${(error as Error).message}`);
  }
  if (checkpointVerifier.name !== content.origin) {
    throw new CardError(`The card's checkpoint key is named "${checkpointVerifier.name}", not its origin.`);
  }
  const witnessKey = decodeCanonicalBase64(content.witness);
  if (!witnessKey || witnessKey.length !== 32) throw new CardError('The card has a bad witness key.');
  try {
    verifyNote(text, [checkpointVerifier]);
  } catch (error) {
    throw new CardError(`The card's signature does not verify: ${(error as Error).message}`);
  }
  return { content, text, fingerprint: cardFingerprint(content), checkpointVerifier, witnessKey };
}

/** Reads a card file someone chose (bounded, never following what is not a regular file) as text. */
export async function readCardFile(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new NotFoundError(`There is no card file at ${path}. Check the path the peer's admin gave you.`);
    throw new InvalidInputError(`The card file ${path} cannot be read (${code ?? 'error'}).`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InvalidInputError(`${path} is not a card file (not a regular file).`);
    if (info.size > maxCardBytes)
      throw new CardError(`${path} is ${info.size} bytes; a card is at most ${maxCardBytes} bytes.`);
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    return bytes.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
