// `npx tsx test/ncmec-server/cli.ts`: runs the NCMEC stand-in for trying the client by hand, with one
// generated user, logging each call. A test tool: 127.0.0.1 only, stops itself after an hour or on Ctrl-C.
// Options through the environment: NCMEC_STANDIN_PORT, NCMEC_STANDIN_USER, NCMEC_STANDIN_PASSWORD.
import { randomBytes } from 'node:crypto';
import { startNcmecServer } from './server';

const username = process.env.NCMEC_STANDIN_USER ?? 'custody-test';
const generated = process.env.NCMEC_STANDIN_PASSWORD === undefined;
const password = process.env.NCMEC_STANDIN_PASSWORD ?? randomBytes(12).toString('base64url');
const port = Number(process.env.NCMEC_STANDIN_PORT ?? 0);
const lifetimeMs = 60 * 60 * 1000;

const server = await startNcmecServer({
  users: [{ username, password }],
  port: Number.isSafeInteger(port) && port >= 0 && port < 65536 ? port : 0,
  lifetimeMs,
  maxRequests: 1_000,
  onCall: (call) =>
    console.log(
      [new Date(call.at).toISOString(), `/${call.endpoint}#${call.call}`, `HTTP ${call.httpStatus ?? '-'}`]
        .concat(call.responseCode === undefined ? [] : [`code ${call.responseCode}`])
        .concat(call.injected === undefined ? [] : [`injected ${call.injected}`])
        .join('  '),
    ),
});
console.log('NCMEC stand-in (a test tool, not NCMEC). Reports stay in memory and vanish on exit.');
console.log(`Base URL: ${server.baseUrl}`);
console.log(`User: ${username}   Password: ${password}${generated ? '   (generated for this run)' : ''}`);
console.log(`Try: curl -u '${username}:${password}' ${server.baseUrl}/status`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setTimeout(stop, lifetimeMs).unref();
