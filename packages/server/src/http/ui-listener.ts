// The web UI's listener: Temporal's HTTP API under /api/v1 and the UI's static files on one origin, so the browser
// app needs no CORS and no configuration.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from './listen.js';
import { createUiHandler } from '@durable/ui';

/** Answers a request it owns and returns true, or returns false and leaves it alone (the HTTP API's handler). */
export type MountableHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Listens on ip:port; the UI's files are loaded now, so a workspace that was never built fails at start. */
export async function listenUi(api: MountableHandler, ip: string, port: number): Promise<Server> {
  const ui = createUiHandler();
  const server = createServer((req, res) => {
    if (!api(req, res)) ui(req, res);
  });
  await listen(server, ip, port);
  return server;
}
