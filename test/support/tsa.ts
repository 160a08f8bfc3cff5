// A local RFC 3161 time-stamping authority for tests: a CA and a TSA certificate made with openssl
// (extendedKeyUsage=critical,timeStamping), and a tiny HTTP server that answers each
// application/timestamp-query with what `openssl ts -reply` makes of it.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './tools';

export interface LocalTsa {
  url: string;
  /** The CA that issued the TSA's certificate: what `openssl ts -verify -CAfile` trusts. */
  caFile: string;
  dir: string;
  /** Answers a query file with `openssl ts -reply` (for the offline flow). */
  reply(queryFile: string, out: string): void;
  requests: number;
  close(): Promise<void>;
}

export async function startLocalTsa(): Promise<LocalTsa> {
  const openssl = requireTool('openssl');
  const dir = await mkdtemp(join(tmpdir(), 'custody-tsa-'));
  const run = (args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '30',
    '-subj',
    '/CN=Custody Test TSA CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tsa.key',
    '-out',
    'tsa.csr',
    '-subj',
    '/CN=Custody Test TSA',
  ]);
  await writeFile(
    join(dir, 'tsa-ext.cnf'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  run([
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.crt',
    '-days',
    '30',
    '-extfile',
    'tsa-ext.cnf',
  ]);
  await writeFile(join(dir, 'serial'), '01\n');
  await writeFile(
    join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${join(dir, 'serial')}`,
      'crypto_device = builtin',
      `signer_cert = ${join(dir, 'tsa.crt')}`,
      `certs = ${join(dir, 'tsa.crt')}`,
      `signer_key = ${join(dir, 'tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.55555.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  const reply = (queryFile: string, out: string) =>
    run(['ts', '-reply', '-config', join(dir, 'tsa.cnf'), '-queryfile', queryFile, '-out', out]);
  let counter = 0;
  const tsa: LocalTsa = {
    url: '',
    caFile: join(dir, 'ca.crt'),
    dir,
    reply,
    requests: 0,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        tsa.requests++;
        if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
          response.writeHead(415).end();
          return;
        }
        const n = counter++;
        const query = join(dir, `q${n}.tsq`);
        const answer = join(dir, `r${n}.tsr`);
        await writeFile(query, Buffer.concat(chunks));
        try {
          reply(query, answer);
          response
            .writeHead(200, { 'content-type': 'application/timestamp-reply' })
            .end(await readFile(answer));
        } catch {
          response.writeHead(400).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  return tsa;
}
