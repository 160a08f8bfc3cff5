// app:// serves the built renderer through protocol.handle, for host "renderer" and paths inside the
// renderer folder, and evidence derivatives under /media/ on that same origin, through the core's media
// handler (the one the end-to-end harness uses at the same path). Served same-origin, media needs no
// scheme of its own and its Cross-Origin-Resource-Policy: same-origin lets our page, and only it, load it.
import { protocol } from 'electron';
import { serveMedia } from './core/media-protocol';
import { rendererCsp, securityHeaders } from './core/renderer-policy';
import { readStaticFile } from './core/static-files';
import type { Workstation } from './core/workstation';

export const rendererOrigin = 'app://renderer';
export const rendererEntry = `${rendererOrigin}/index.html`;

/** Must run before the app is ready. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

function respond(
  status: number,
  contentType: string,
  body: Uint8Array,
  extra: Record<string, string> = {},
): Response {
  return new Response(Buffer.from(body), {
    status,
    headers: { 'Content-Type': contentType, ...securityHeaders, ...extra },
  });
}

export function handleProtocols(rendererRoot: string, workstation: Workstation): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'renderer' || request.method !== 'GET')
      return respond(404, 'text/plain', Buffer.from('Not found'));
    if (url.pathname.startsWith('/media/')) {
      const range = request.headers.get('range') ?? undefined;
      const media = await serveMedia(workstation, url.pathname.slice('/media'.length), range);
      return respond(media.status, media.contentType, media.body, media.headers);
    }
    const file = await readStaticFile(rendererRoot, url.pathname);
    const csp: Record<string, string> = file.contentType.startsWith('text/html')
      ? { 'Content-Security-Policy': rendererCsp }
      : {};
    return respond(file.status, file.contentType, file.body, csp);
  });
}
