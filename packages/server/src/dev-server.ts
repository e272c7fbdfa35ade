import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import { grpcJs, ServiceName } from '@durable/proto';
import { SystemClock, type Clock } from './model/clock.js';
import { DynamicConfig } from './model/dynamic-config.js';
import { Store } from './persistence/store.js';
import type { SqliteDriverName } from './persistence/sqlite.js';
import type { Engine } from './runtime/engine.js';
import type { Scheduler } from './schedules/scheduler.js';
import type { Batcher } from './batch/batcher.js';
import { compose } from './compose.js';
import { silentLogger, type Logger } from './model/logger.js';
import { bindService } from './grpc/bind.js';
import { workflowServiceHandlers } from './grpc/workflow-service.js';
import { healthHandlers, operatorHandlers } from './grpc/system-service.js';
import { testHandlers } from './grpc/test-service.js';
import { createHttpApi, type HttpApi, type HttpApiHandler } from './http/api.js';
import { listenUi } from './http/ui-listener.js';
import { listenMetrics } from './http/metrics-listener.js';
import { listen } from './http/listen.js';
import { ServerMetrics } from './infra/metrics.js';
import type { CallSite } from './grpc/call.js';
import { SkippingClock, TimeSkipper } from './runtime/time-skipping.js';

const { Server, ServerCredentials } = grpcJs;

export interface DevServerOptions {
  /** default 127.0.0.1 */
  ip?: string;
  /** default 7233; 0 = a free port */
  port?: number;
  /** Temporal's HTTP API (`/api/v1/...`) on this port of the same ip; undefined = none, 0 = a free port */
  httpPort?: number;
  /** the web UI (@durable/ui) with the HTTP API beside it, on this port of the same ip; undefined = none, 0 = a free port */
  uiPort?: number;
  /** Prometheus metrics at GET /metrics on this port of the same ip; undefined = none, 0 = a free port */
  metricsPort?: number;
  /** registered besides 'default' */
  namespaces?: string[];
  /** undefined = in-memory database */
  dbFilename?: string;
  /**
   * The SQLite binding; default: DURABLE_SQLITE_DRIVER, else bun:sqlite on Bun, node:sqlite on Deno and on Node where
   * it needs no flag, better-sqlite3 on older Node. Every driver reads and writes the same files.
   */
  sqliteDriver?: SqliteDriverName;
  /** custom search attributes registered in every namespace: name -> type ('Keyword', 'Int', ...) */
  searchAttributes?: Record<string, string>;
  /** Temporal dynamic config values (limits, batch rate, …); unknown keys are warned about and ignored, bad values refused */
  dynamicConfig?: Record<string, string>;
  logger?: Logger;
  clock?: Clock;
  /**
   * Test server mode: time jumps to the next timer whenever nothing is running and no caller holds the
   * time-skipping lock (Temporal's TestService). Replaces `clock`.
   */
  timeSkipping?: boolean;
}

const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/**
 * The embedded dev server: Temporal's WorkflowService, OperatorService and gRPC health over one SQLite database.
 */
export class DevServer {
  /** host:port of the HTTP API, when it was asked for */
  readonly httpAddress: string | undefined;
  readonly httpPort: number | undefined;
  /** host:port of the web UI, when it was asked for */
  readonly uiAddress: string | undefined;
  readonly uiPort: number | undefined;
  /** host:port of the metrics endpoint (`/metrics`), when it was asked for */
  readonly metricsAddress: string | undefined;
  readonly metricsPort: number | undefined;
  /**
   * The HTTP API as a request handler another node:http listener can mount (the web UI's, beside its files):
   * it answers `/api/v1/...` and returns true, or returns false and leaves any other request alone.
   */
  readonly httpApi: HttpApiHandler;

  private constructor(
    private readonly grpcServer: GrpcServer,
    private readonly engine: Engine,
    private readonly store: Store,
    readonly address: string,
    readonly port: number,
    private readonly skipper: TimeSkipper | undefined,
    private readonly api: HttpApi,
    private readonly httpServer: HttpServer | undefined,
    private readonly uiServer: HttpServer | undefined,
    private readonly metricsServer: HttpServer | undefined,
  ) {
    this.httpApi = api.handle;
    [this.httpAddress, this.httpPort] = boundAddress(httpServer);
    [this.uiAddress, this.uiPort] = boundAddress(uiServer);
    [this.metricsAddress, this.metricsPort] = boundAddress(metricsServer);
  }

  static async start(options: DevServerOptions = {}): Promise<DevServer> {
    const logger = options.logger ?? silentLogger;
    const config = new DynamicConfig(options.dynamicConfig);
    for (const key of config.unknownKeys) logger.warn('unknown dynamic config key ignored', { key });
    const store = await Store.open(options.dbFilename, options.sqliteDriver);
    let engine: Engine;
    let scheduler: Scheduler;
    let batcher: Batcher;
    const skippingClock = options.timeSkipping ? new SkippingClock() : undefined;
    const clock = skippingClock ?? options.clock ?? new SystemClock();
    const metrics = new ServerMetrics(store, clock);
    try {
      ({ engine, scheduler, batcher } = compose(store, clock, logger, metrics, config));
      const now = engine.now();
      store.transaction(() => {
        for (const name of ['default', ...(options.namespaces ?? [])]) {
          engine.namespaces.ensure(name, now);
          for (const [attr, type] of Object.entries(options.searchAttributes ?? {})) {
            engine.namespaces.addAttribute(name, attr, type);
          }
        }
      });
    } catch (err) {
      store.close();
      throw err;
    }
    const server = new Server({
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      // Channelz keeps per-call statistics that nothing here reads; it costs every call.
      'grpc.enable_channelz': 0,
    });
    const workflowService = workflowServiceHandlers(engine, scheduler, batcher);
    const operatorService = operatorHandlers(engine);
    const grpcSite: CallSite = { gate: engine, logger, metrics, transport: 'grpc' };
    bindService(server, ServiceName.workflow, workflowService, grpcSite);
    bindService(server, ServiceName.operator, operatorService, grpcSite);
    // One implementation, two transports: the HTTP API routes to the very handlers bound above.
    const api = createHttpApi({
      services: [
        { service: ServiceName.workflow, handlers: workflowService },
        { service: ServiceName.operator, handlers: operatorService },
      ],
      site: { ...grpcSite, transport: 'http' },
    });
    bindService(server, ServiceName.health, healthHandlers(), grpcSite);
    const skipper = skippingClock ? new TimeSkipper(engine, skippingClock) : undefined;
    if (skipper && skippingClock) bindService(server, ServiceName.test, testHandlers(skipper, skippingClock), grpcSite);
    const ip = options.ip ?? '127.0.0.1';
    const host = ip.includes(':') ? `[${ip}]` : ip;
    let port: number;
    try {
      port = await new Promise<number>((resolve, reject) => {
        server.bindAsync(`${host}:${options.port ?? 7233}`, ServerCredentials.createInsecure(), (err, p) =>
          err ? reject(err) : resolve(p),
        );
      });
    } catch (err) {
      store.close();
      throw new Error(`cannot listen on ${host}:${options.port ?? 7233}: ${(err as Error).message}`);
    }
    let httpServer: HttpServer | undefined;
    if (options.httpPort !== undefined) {
      httpServer = createServer((req, res) => api.serve(req, res));
      try {
        await listen(httpServer, ip, options.httpPort);
      } catch (err) {
        server.forceShutdown();
        store.close();
        throw new Error(`cannot listen for the HTTP API on ${host}:${options.httpPort}: ${(err as Error).message}`);
      }
    }
    let uiServer: HttpServer | undefined;
    if (options.uiPort !== undefined) {
      try {
        uiServer = await listenUi(api.handle, ip, options.uiPort);
      } catch (err) {
        httpServer?.close();
        server.forceShutdown();
        store.close();
        throw new Error(`cannot serve the web UI on ${host}:${options.uiPort}: ${(err as Error).message}`);
      }
    }
    let metricsServer: HttpServer | undefined;
    if (options.metricsPort !== undefined) {
      try {
        metricsServer = await listenMetrics(metrics, ip, options.metricsPort);
      } catch (err) {
        uiServer?.close();
        httpServer?.close();
        server.forceShutdown();
        store.close();
        throw new Error(`cannot serve metrics on ${host}:${options.metricsPort}: ${(err as Error).message}`);
      }
    }
    engine.start();
    const dev = new DevServer(server, engine, store, `${host}:${port}`, port, skipper, api, httpServer, uiServer, metricsServer);
    logger.info('dev server started', {
      address: dev.address,
      httpAddress: dev.httpAddress,
      uiAddress: dev.uiAddress,
      metricsAddress: dev.metricsAddress,
      database: options.dbFilename ?? ':memory:',
      sqliteDriver: store.driver.name,
    });
    return dev;
  }

  /** Stops accepting calls, answers pending long polls empty, and closes the database. */
  async stop(): Promise<void> {
    this.skipper?.stop();
    this.engine.stop();
    await this.stopHttp();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.grpcServer.forceShutdown();
        resolve();
      }, 2000);
      this.grpcServer.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    // Handlers that were still running may have written since the engine stopped.
    this.engine.commit();
    this.store.close();
  }

  /** Stops listening, lets calls in progress answer (long polls end at once), then closes every connection. */
  private async stopHttp(): Promise<void> {
    const listeners = [this.httpServer, this.uiServer, this.metricsServer].filter((s): s is HttpServer => s !== undefined);
    const closed = listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    let force: NodeJS.Timeout | undefined;
    await Promise.race([this.api.close(), new Promise((resolve) => (force = setTimeout(resolve, 2000)))]);
    clearTimeout(force);
    // What is left are idle keep-alive connections.
    for (const server of listeners) server.closeAllConnections();
    await Promise.all(closed);
  }
}

function boundAddress(server: HttpServer | undefined): [address: string | undefined, port: number | undefined] {
  const bound = server?.address() as AddressInfo | null | undefined;
  if (!bound) return [undefined, undefined];
  return [`${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`, bound.port];
}
