// `--metrics-port`: the server's metrics for Prometheus to scrape at GET /metrics, on a listener of their own (as
// the Temporal CLI serves them), so scraping never queues behind the API or the UI.
import { createServer, type Server } from 'node:http';
import { listen } from './listen.js';
import type { ServerMetrics } from '../infra/metrics.js';

export async function listenMetrics(metrics: ServerMetrics, ip: string, port: number): Promise<Server> {
  metrics.serve();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    req.resume();
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method Not Allowed\n');
      return;
    }
    metrics.scrape().then(
      ({ contentType, text }) => res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics could not be collected: ${String(err)}\n`),
    );
  });
  await listen(server, ip, port);
  return server;
}
