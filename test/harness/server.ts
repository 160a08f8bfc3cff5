// The end-to-end harness: the real core behind a loopback HTTP server that serves the built renderer,
// the same router and the same media handler Electron uses. A test and development tool only; it is
// never part of the packaged app. Guards: 127.0.0.1 only, a random port, a per-run secret exchanged once
// for an HttpOnly SameSite=Strict cookie, and an Origin check on every IPC call. The core's events reach
// the page as Server-Sent Events on /events, under the same guards.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCore, type Core } from '../../main/core';
import { serveMedia } from '../../main/core/media-protocol';
import { harnessCsp, securityHeaders } from '../../main/core/renderer-policy';
import { readStaticFile } from '../../main/core/static-files';
import { apiGlobalName } from '../../shared/api';
import { channels, eventNames } from '../../shared/contract';

export interface Harness {
  /** Open this URL (it carries the secret) to get a session cookie. */
  url: string;
  origin: string;
  core: Core;
  close(): Promise<void>;
}

export interface HarnessOptions {
  rendererRoot: string;
  vaultsRoot: string;
  stateDir: string;
  /** Where exported packages go; beside the state folder unless given. */
  exportsRoot?: string;
  version?: string;
  port?: number;
}

const cookieName = 'custody_harness';
const maxBody = 1024 * 1024;

/**
 * The stand-in for the preload: the same API shape, calling the router over fetch, and `on` listening to
 * /events, which it opens at once so that events emitted after the page loads are not missed.
 */
function bridgeScript(): string {
  return `'use strict';
(() => {
  const eventNames = ${JSON.stringify(eventNames)};
  const source = new EventSource('/events');
  const on = (event, listener) => {
    if (!eventNames.includes(event)) {
      throw new TypeError('There is no Custody event named ' + JSON.stringify(String(event)).slice(0, 80) + '.');
    }
    if (typeof listener !== 'function') throw new TypeError('A Custody event listener must be a function.');
    const forward = (message) => listener(JSON.parse(message.data));
    source.addEventListener(event, forward);
    return () => source.removeEventListener(event, forward);
  };
  const call = (channel) => async (request) => {
    try {
      const response = await fetch('/ipc/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request === undefined ? null : request),
        credentials: 'same-origin',
      });
      return await response.json();
    } catch (error) {
      return { ok: false, error: { code: 'INTERNAL', message: 'The harness did not answer: ' + error } };
    }
  };
  const api = Object.freeze({ ...Object.fromEntries(${JSON.stringify(channels)}.map((c) => [c, call(c)])), on });
  Object.defineProperty(window, ${JSON.stringify(apiGlobalName)}, { value: api, writable: false, configurable: false });
})();
`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === cookieName && v) return v;
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': contentType, ...securityHeaders, ...extra });
  res.end(body);
}

/** Streams every core event to one page until it goes away: `event: <name>` and the payload as JSON. */
function streamEvents(core: Core, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    ...securityHeaders,
    Connection: 'keep-alive',
  });
  const unsubscribe = core.workstation.onEvent((event) => {
    res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`);
  });
  res.on('close', unsubscribe);
  res.flushHeaders();
}

/** Same origin only: a browser sends no Origin on a same-origin GET, and says where it came from. */
function sameOriginRead(req: IncomingMessage, origin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  return (req.headers.origin ?? origin) === origin && (site === undefined || site === 'same-origin');
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const secret = randomBytes(24).toString('hex');
  const core = createCore({
    vaultsRoot: options.vaultsRoot,
    stateDir: options.stateDir,
    exportsRoot: options.exportsRoot ?? join(options.stateDir, '..', 'exports'),
    app: { name: 'Custody', version: options.version ?? '0.0.0' },
    onInternalError: (channel, error) => console.error(`[harness] ${channel} failed:`, error),
  });
  let origin = '';

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const authorised = sameSecret(cookieOf(req) ?? '', secret);

      if (url.pathname.startsWith('/ipc/')) {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
        if (!authorised || req.headers.origin !== origin) return send(res, 403, 'text/plain', 'Forbidden');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return send(res, 415, 'text/plain', 'JSON only');
        }
        let payload: unknown;
        try {
          payload = JSON.parse(await readBody(req));
        } catch {
          return send(res, 400, 'text/plain', 'Malformed or oversized body');
        }
        const result = await core.router.call(
          decodeURIComponent(url.pathname.slice('/ipc/'.length)),
          payload,
        );
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
      if (url.pathname === '/events') {
        if (!authorised || !sameOriginRead(req, origin)) return send(res, 403, 'text/plain', 'Forbidden');
        return streamEvents(core, res);
      }
      if (url.pathname.startsWith('/media/')) {
        if (!authorised) return send(res, 403, 'text/plain', 'Forbidden');
        const media = await serveMedia(
          core.workstation,
          url.pathname.slice('/media'.length),
          req.headers.range,
        );
        return send(res, media.status, media.contentType, media.body, media.headers);
      }
      if (url.pathname === '/__harness/bridge.js')
        return send(res, 200, 'text/javascript; charset=utf-8', bridgeScript());

      const extra: Record<string, string> = {};
      const token = url.searchParams.get('token');
      if (token !== null) {
        if (!sameSecret(token, secret)) return send(res, 403, 'text/plain', 'Wrong harness token');
        extra['Set-Cookie'] = `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
      } else if (!authorised) {
        return send(res, 403, 'text/plain', 'Open the URL the harness printed (it carries the token).');
      }
      const file = await readStaticFile(options.rendererRoot, url.pathname);
      if (file.contentType.startsWith('text/html') && file.status === 200) {
        const html = file.body
          .toString('utf8')
          .replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>');
        return send(res, 200, file.contentType, html, { ...extra, 'Content-Security-Policy': harnessCsp });
      }
      return send(res, file.status, file.contentType, file.body, extra);
    })().catch((error: unknown) => {
      console.error('[harness] request failed:', error);
      if (!res.headersSent) send(res, 500, 'text/plain', 'Harness error');
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${secret}`,
    origin,
    core,
    close: () =>
      new Promise<void>((resolve) => {
        core.workstation.lock();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
