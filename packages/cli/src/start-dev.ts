import type { DevServerOptions } from '@durable/server';
import type { StartDevOptions } from './args.js';
import type { Logger } from '@durable/server';
import { createLogger } from './logger.js';

export interface RunningServer {
  address: string;
  /** host:port of the HTTP API */
  httpAddress?: string;
  /** host:port of the web UI, when it runs */
  uiAddress?: string;
  /** host:port of the metrics endpoint, when asked for */
  metricsAddress?: string;
  stop(): Promise<void>;
}

export interface StartDevDeps {
  startServer(options: DevServerOptions): Promise<RunningServer>;
  /** whether a TCP port can be listened on at ip (the default HTTP port falls back to a free one when not) */
  portFree(ip: string, port: number): Promise<boolean>;
  out: { write(line: string): unknown };
  err: { write(line: string): unknown };
  /** registers a handler for SIGINT/SIGTERM */
  onSignal(handler: (signal: string) => void): void;
  exit(code: number): void;
}

/** Starts the server, prints one ready line, and stops cleanly on the first signal (a second one forces exit). */
export async function runStartDev(options: StartDevOptions, deps: StartDevDeps): Promise<void> {
  const logger = createLogger({ level: options.logLevel, format: options.logFormat, stream: deps.err });
  for (const flag of options.ignored) logger.debug('flag accepted for compatibility and ignored', { flag });
  let server: RunningServer;
  try {
    server = await deps.startServer({
      ip: options.ip,
      port: options.port,
      httpPort: options.httpPort ?? (await defaultPort(options, deps, logger, HTTP_PORT)),
      namespaces: options.namespaces.filter((n) => n !== 'default'),
      dbFilename: options.dbFilename,
      searchAttributes: options.searchAttributes,
      uiPort: options.headless ? undefined : (options.uiPort ?? (await defaultPort(options, deps, logger, UI_PORT))),
      dynamicConfig: options.dynamicConfig,
      metricsPort: options.metricsPort,
      logger,
    });
  } catch (err) {
    deps.err.write(`durable: cannot start the dev server: ${err instanceof Error ? err.message : String(err)}\n`);
    deps.exit(1);
    return;
  }
  const namespaces = ['default', ...options.namespaces.filter((n) => n !== 'default')].join(', ');
  const database = options.dbFilename ?? 'in memory';
  const http = server.httpAddress ? `HTTP API http://${server.httpAddress}/api/v1; ` : '';
  const ui = server.uiAddress ? `; web UI at http://${server.uiAddress}` : '';
  const metrics = server.metricsAddress ? `; metrics at http://${server.metricsAddress}/metrics` : '';
  deps.out.write(`Durable dev server ready on ${server.address} (${http}namespaces: ${namespaces}; database: ${database})${ui}${metrics}\n`);
  let stopping = false;
  deps.onSignal((signal) => {
    if (stopping) {
      deps.exit(1);
      return;
    }
    stopping = true;
    logger.info('stopping', { signal });
    server.stop().then(
      () => deps.exit(0),
      (err: unknown) => {
        deps.err.write(`durable: error while stopping: ${String(err)}\n`);
        deps.exit(1);
      },
    );
  });
}

const HTTP_PORT = { offset: 10, what: 'HTTP API', flag: '--http-port' };
const UI_PORT = { offset: 1000, what: 'web UI', flag: '--ui-port' };

/**
 * The gRPC port + 10 for the HTTP API and + 1000 for the web UI, as Temporal's CLI defaults them (7243 and 8233 beside
 * 7233); a free port when the gRPC port is picked freely or that one is taken, so a server started on some free gRPC
 * port never fails for its other ports.
 */
async function defaultPort(options: StartDevOptions, deps: StartDevDeps, logger: Logger, kind: typeof HTTP_PORT): Promise<number> {
  const wanted = options.port + kind.offset;
  if (options.port === 0 || wanted > 65535) return 0;
  if (await deps.portFree(options.ip, wanted)) return wanted;
  logger.warn(`the default ${kind.what} port is taken; using a free one (set ${kind.flag} to choose)`, { port: wanted });
  return 0;
}
