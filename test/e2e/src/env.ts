// A real dev server (gRPC, HTTP API and UI on free ports of 127.0.0.1), our client, and our worker running the
// test workflows.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@durable/client';
import { DevServer, type DevServerOptions } from '@durable/server';
import { Worker } from '@durable/worker';
import * as activities from './activities.js';

export const TASK_QUEUE = 'e2e';
export const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));

export interface Env {
  server: DevServer;
  client: Client;
  /** the UI's base URL, e.g. http://127.0.0.1:38211 */
  ui: string;
  stop(): Promise<void>;
}

export async function startEnv(options: DevServerOptions = {}, withWorker = true): Promise<Env> {
  const server = await DevServer.start({ port: 0, uiPort: 0, ...options });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const worker = withWorker ? await Worker.create({ connection, taskQueue: TASK_QUEUE, workflowsPath, activities }) : undefined;
  const running = worker?.run();
  if (!server.uiAddress) throw new Error('the dev server started without its UI');
  return {
    server,
    client,
    ui: `http://${server.uiAddress}`,
    async stop() {
      worker?.shutdown();
      await running;
      await connection.close();
      await server.stop();
    },
  };
}
