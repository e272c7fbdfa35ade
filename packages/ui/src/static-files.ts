// Serving the built single-page app. The files are few and small, so they are read once, kept in memory with a
// gzipped copy, and served by exact path: nothing from the URL ever reaches the file system.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Where the built static files are: index.html and assets/ (written by scripts/build-app.mjs). */
export const UI_ASSETS_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface UiHandlerOptions {
  /** the directory to serve; default UI_ASSETS_DIR */
  root?: string;
}

export type UiHandler = (req: IncomingMessage, res: ServerResponse) => void;

interface StaticFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  type: string;
  etag: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Asset names carry a content hash (app-XXXX.js), so a browser may keep them forever; index.html names the current
// ones and must be revalidated on every load.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function loadFiles(root: string): Map<string, StaticFile> {
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`the UI's static files are missing at ${root}; build the workspace (npm run build) first`);
  }
  const files = new Map<string, StaticFile>();
  for (const path of listFiles(root)) {
    const url = '/' + relative(root, path).split(sep).join('/');
    const body = readFileSync(path);
    const ext = url.slice(url.lastIndexOf('.'));
    const type = TYPES[ext] ?? 'application/octet-stream';
    const compressible = type.startsWith('text/') || type.startsWith('application/json') || ext === '.svg';
    files.set(url, {
      body,
      gzipped: compressible && body.length > 1024 ? gzipSync(body) : undefined,
      type,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      cacheControl: url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    });
  }
  if (!files.has('/index.html')) throw new Error(`the UI's index.html is missing in ${root}`);
  return files;
}

function send(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', file.cacheControl);
  res.setHeader('ETag', file.etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === file.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  let body = file.body;
  if (file.gzipped) {
    res.setHeader('Vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      body = file.gzipped;
    }
  }
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

// The app's own views all live under /namespaces, where ids may contain anything (dots included); elsewhere a name
// that looks like a file (favicon.ico, a stale asset) is a real miss rather than the app.
function isAppRoute(path: string): boolean {
  if (path === '/namespaces' || path.startsWith('/namespaces/')) return true;
  if (path.startsWith('/assets/') || path.startsWith('/api/')) return false;
  return !/\.[a-z0-9]+$/i.test(path);
}

/**
 * A request handler for the UI's files. Every path that is not a file answers index.html, so each view's URL can be
 * reloaded or shared; a missing asset is a real 404.
 */
export function createUiHandler(options: UiHandlerOptions = {}): UiHandler {
  const files = loadFiles(options.root ?? UI_ASSETS_DIR);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://ui').pathname);
    } catch {
      plain(res, 400, 'Bad Request\n');
      return;
    }
    const file = files.get(path === '/' ? '/index.html' : path);
    if (file) {
      send(req, res, file);
      return;
    }
    if (!isAppRoute(path)) {
      plain(res, 404, 'Not Found\n');
      return;
    }
    send(req, res, files.get('/index.html') as StaticFile);
  };
}

let defaultHandler: UiHandler | undefined;

/** Serves the built UI from UI_ASSETS_DIR (loaded on first use). */
export function serveUi(req: IncomingMessage, res: ServerResponse): void {
  defaultHandler ??= createUiHandler();
  defaultHandler(req, res);
}
