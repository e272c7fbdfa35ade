/**
 * @durable/ui: the web UI of the dev server, a single-page app that speaks only Temporal's HTTP API (`/api/v1`).
 * Its static files are built with esbuild when the workspace builds; this entry point tells Node where they are and
 * serves them (content types, cache headers, the single-page fallback). It imports nothing of ours.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { serveUi } from '@durable/ui';
 * createServer((req, res) => {
 *   if (req.url?.startsWith('/api/')) return api(req, res);
 *   serveUi(req, res);
 * }).listen(8233);
 * ```
 */
export { UI_ASSETS_DIR, serveUi, createUiHandler } from './static-files.js';
export type { UiHandler, UiHandlerOptions } from './static-files.js';
