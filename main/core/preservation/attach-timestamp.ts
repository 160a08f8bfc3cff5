// An offline workstation's timestamp brought back: the TSA's answer to the package's .tsq is checked against
// the package's tag manifest (and the query's nonce), written beside it atomically, and recorded against the
// package this vault delivered. It never replaces a timestamp a package already has.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../errors';
import { exists, writeFileAtomic } from '../fs-atomic';
import { requireRole, type Vault } from '../identity';
import { TAG_MANIFEST, TIMESTAMP, TIMESTAMP_QUERY } from './package';
import { markTimestamped, packageByTagManifest } from './packages';
import { verifyTimestamp, type VerifiedTimestamp } from './timestamp';

export async function attachTimestamp(
  vault: Vault,
  packageDir: string,
  tsrPath: string,
): Promise<VerifiedTimestamp> {
  requireRole(vault, 'preservation.export');
  const read = (path: string, what: string) =>
    readFile(path).catch(() => {
      throw new InvalidInputError(`Cannot read ${what} ${path}.`);
    });
  const tagManifest = await read(join(packageDir, TAG_MANIFEST), 'the tag manifest');
  if (await exists(join(packageDir, TIMESTAMP)))
    throw new InvalidInputError(`${packageDir} is already timestamped: its ${TIMESTAMP} is never replaced.`);
  const query = await read(join(packageDir, TIMESTAMP_QUERY), 'the timestamp query');
  const tsr = await read(tsrPath, 'the timestamp');
  const verified = await verifyTimestamp(tagManifest, tsr, query);
  const delivered = packageByTagManifest(vault, createHash('sha512').update(tagManifest).digest('hex'));
  await writeFileAtomic(join(packageDir, TIMESTAMP), tsr);
  markTimestamped(vault, delivered.id, {
    genTime: verified.genTime,
    tsa: verified.tsa,
    serial: verified.serial,
  });
  return verified;
}
