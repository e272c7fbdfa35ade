import type { DevServerOptions } from '@durable/server';
import type { StartDevOptions } from './args.js';
import { createLogger } from './logger.js';

export interface RunningServer {
  address: string;
  /** host:port of the web UI, when it runs */
  uiAddress?: string;
  stop(): Promise<void>;
}

export interface StartDevDeps {
  startServer(options: DevServerOptions): Promise<RunningServer>;
  out: { write(line: string): unknown };
  err: { write(line: string): unknown };
  /** registers a handler for SIGINT/SIGTERM */
  onSignal(handler: (signal: string) => void): void;
  exit(code: number): void;
}

/** As Temporal's: the gRPC port + 1000 unless given; none when headless; a free one when the gRPC port is. */
function uiPort(options: StartDevOptions): number | undefined {
  if (options.headless) return undefined;
  if (options.uiPort !== undefined) return options.uiPort;
  return options.port === 0 ? 0 : options.port + 1000;
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
      namespaces: options.namespaces.filter((n) => n !== 'default'),
      dbFilename: options.dbFilename,
      searchAttributes: options.searchAttributes,
      uiPort: uiPort(options),
      dynamicConfig: options.dynamicConfig,
      logger,
    });
  } catch (err) {
    deps.err.write(`durable: cannot start the dev server: ${err instanceof Error ? err.message : String(err)}\n`);
    deps.exit(1);
    return;
  }
  const namespaces = ['default', ...options.namespaces.filter((n) => n !== 'default')].join(', ');
  const database = options.dbFilename ?? 'in memory';
  const ui = server.uiAddress ? `; web UI at http://${server.uiAddress}` : '';
  deps.out.write(`Durable dev server ready on ${server.address} (namespaces: ${namespaces}; database: ${database})${ui}\n`);
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
