// RFC 3161 timestamps over a tag manifest from a local TSA (openssl ts -reply): the query Custody builds is
// answered and `openssl ts -verify` accepts the answer; Custody's own check accepts it, refuses it for other
// content or another query, and refuses it with any single byte flipped.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { timestampRequest, verifyTimestamp } from '../../main/core/preservation/timestamp';
import { startLocalTsa, type LocalTsa } from '../support/tsa';
import { useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();
let tsa: LocalTsa | undefined;
afterEach(async () => {
  await tsa?.close();
  tsa = undefined;
});

describe('RFC 3161 timestamps', () => {
  it('are accepted by openssl ts -verify and by Custody, and refused with any byte flipped', async () => {
    tsa = await startLocalTsa();
    const dir = await tempDir();
    const content = Buffer.from('0123abcd  bagit.txt\n');
    await writeFile(join(dir, 'manifest'), content);
    const query = timestampRequest(content);
    const response = await fetch(tsa.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: query,
    });
    const tsr = new Uint8Array(await response.arrayBuffer());
    await writeFile(join(dir, 'manifest.tsr'), tsr);
    const openssl = spawnSync(
      requireTool('openssl'),
      ['ts', '-verify', '-in', 'manifest.tsr', '-data', 'manifest', '-CAfile', tsa.caFile],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(openssl.stdout + openssl.stderr).toMatch(/Verification: OK/);

    const verified = await verifyTimestamp(content, tsr, query);
    expect(verified.tsa).toBe('CN=Custody Test TSA');
    expect(Math.abs(Date.parse(verified.genTime) - Date.now())).toBeLessThan(120_000);
    await expect(verifyTimestamp(Buffer.from('other content'), tsr, query)).rejects.toThrow(/other content/);
    await expect(verifyTimestamp(content, tsr, timestampRequest(content))).rejects.toThrow(/nonce/);

    const accepted: number[] = [];
    for (let at = 0; at < tsr.length; at++) {
      const flipped = Buffer.from(tsr);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      if (
        await verifyTimestamp(content, flipped, query).then(
          () => true,
          () => false,
        )
      )
        accepted.push(at);
    }
    expect(accepted).toEqual([]);
    expect((await readFile(join(dir, 'manifest.tsr'))).length).toBe(tsr.length);
  }, 240_000);
});
