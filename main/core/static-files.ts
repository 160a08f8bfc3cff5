// Serves the built renderer's files by URL path, for app:// in Electron and for the harness. Resolves
// every path inside the renderer folder and refuses anything that would leave it (.., encoded slashes,
// absolute paths, NUL bytes), so a request can never read another file on disk.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  status: 200 | 400 | 404;
  contentType: string;
  body: Buffer;
}

/** Maps a URL pathname to a file below `root`; `/` is index.html. Unknown types are refused. */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /(^|\/)\.\.?(\/|$)/.test(decoded)) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const full = resolve(base, relative);
  if (!full.startsWith(base + sep)) return null;
  if (!(extname(full) in contentTypes)) return null;
  return full;
}

export async function readStaticFile(root: string, pathname: string): Promise<StaticFile> {
  const path = resolveStaticPath(root, pathname);
  const notFound: StaticFile = {
    status: 404,
    contentType: 'text/plain; charset=utf-8',
    body: Buffer.from('Not found'),
  };
  if (!path) return { ...notFound, status: 400, body: Buffer.from('Bad path') };
  try {
    if (!(await stat(path)).isFile()) return notFound;
    return {
      status: 200,
      contentType: contentTypes[extname(path)] ?? 'application/octet-stream',
      body: await readFile(path),
    };
  } catch {
    return notFound;
  }
}
