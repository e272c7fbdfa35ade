// One gRPC channel to a Temporal-compatible server (ours, a Temporal cluster or Temporal Cloud), shared by clients and
// workers. Calls carry the API key and metadata, honour deadlines and abort signals, and retry transient failures.
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  ChannelCredentials,
  ChannelOptions,
  Client as GrpcClient,
  Interceptor,
  Metadata as GrpcMetadata,
  ServiceError as GrpcServiceError,
} from '@grpc/grpc-js';
import {
  grpcJs,
  ServiceName,
  grpcServiceDefinition,
  serviceMethods,
  type OperatorService,
  type TestService,
  type WorkflowService,
} from '@durable/proto';
import { msToNumber, type Duration } from '@durable/common';
import { ServiceError, isGrpcServiceError } from './errors.js';
import { isRetryableError } from './grpc-retry.js';

const { Metadata, credentials: grpcCredentials, makeGenericClientConstructor, status } = grpcJs;

export interface TLSConfig {
  /** Name to verify the server certificate against, when it differs from the address's host. */
  serverNameOverride?: string;
  /** PEM CA certificate(s) that signed the server's certificate; the system roots when left out. */
  serverRootCACertificate?: Uint8Array;
  /** PEM client certificate and key, for mTLS. */
  clientCertPair?: { crt: Uint8Array; key: Uint8Array };
}

export interface RetryOptions {
  /** Attempts in total, the first included. Default 10. */
  maxAttempts?: number;
  /** Default 100 ms (1 s after RESOURCE_EXHAUSTED, so a throttled server is not hammered). */
  initialIntervalMs?: number;
  /** Default 5 s. */
  maxIntervalMs?: number;
}

export interface ConnectionOptions {
  /** host:port. Default `localhost:7233`. */
  address?: string;
  /** true for TLS with system roots, an object for a CA / mTLS; on by default when `apiKey` is set. */
  tls?: TLSConfig | boolean | null;
  /** Channel credentials built by the caller; replaces `tls`. */
  credentials?: ChannelCredentials;
  channelArgs?: ChannelOptions;
  /** Sent with every call. */
  metadata?: Record<string, string>;
  /** Sent as `authorization: Bearer <key>` (Temporal Cloud API keys); a function is asked before every call. */
  apiKey?: string | (() => string);
  /** How long `connect()` waits for the server to answer. Default 10 s. */
  connectTimeout?: Duration;
  retry?: RetryOptions;
  /**
   * grpc-js interceptors for every call (e.g. makeGrpcRetryInterceptor). Given, they replace the connection's own
   * retrying, as on the official client.
   */
  interceptors?: Interceptor[];
  /** Applied in order to these options before the connection is made (see ConnectionPlugin). */
  plugins?: ConnectionPlugin[];
}

/** A plugin that rewrites a connection's options before it is made (credentials, metadata …); see ClientPlugin. */
export interface ConnectionPlugin {
  readonly name: string;
  /** Returns the connection options to use in place of `options`. */
  configureConnection?(options: ConnectionOptions): ConnectionOptions;
}

interface CallScope {
  deadline?: number;
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

// Per-call settings from withDeadline / withMetadata / withAbortSignal flow through async calls made inside `fn`.
const scope = new AsyncLocalStorage<CallScope>();

// Long polls are woken by the server after ~60 s; retrying them is the poller's own loop, not ours.
const NOT_RETRIED = new Set(['PollWorkflowTaskQueue', 'PollActivityTaskQueue', 'PollNexusTaskQueue']);
const CLIENT_NAME = 'durable-typescript';
const CLIENT_VERSION = '0.1.0';

type RawCallback = (err: GrpcServiceError | null, res: object) => void;
type RawMethod = (req: object, md: GrpcMetadata, opts: { deadline?: number }, cb: RawCallback) => { cancel(): void };

function channelCredentials(options: ConnectionOptions): ChannelCredentials {
  if (options.credentials) return options.credentials;
  const tls = options.tls ?? (options.apiKey ? true : null);
  if (!tls) return grpcCredentials.createInsecure();
  if (tls === true) return grpcCredentials.createSsl();
  const pair = tls.clientCertPair;
  return grpcCredentials.createSsl(
    tls.serverRootCACertificate ? Buffer.from(tls.serverRootCACertificate) : null,
    pair ? Buffer.from(pair.key) : null,
    pair ? Buffer.from(pair.crt) : null,
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/** One call attempt, as Connection.observeCalls reports it: the RPC's name, its request, its gRPC status code. */
export type CallObserver = (call: { method: string; request: object; code: number; ms: number }) => void;

export class Connection {
  readonly options: Required<Pick<ConnectionOptions, 'address'>> & ConnectionOptions;
  /** The plugins this connection was made with; clients and workers made over it apply them too. */
  readonly plugins: ConnectionPlugin[];
  readonly workflowService: WorkflowService;
  readonly operatorService: OperatorService;
  /** Time skipping, on test servers only. */
  readonly testService: TestService;
  private readonly clients: GrpcClient[] = [];
  private apiKey: string | (() => string) | undefined;
  private closed = false;

  /** Connects and checks that the server answers (GetSystemInfo) within `connectTimeout`. */
  static async connect(options: ConnectionOptions = {}): Promise<Connection> {
    // `this`, so NativeConnection.connect makes a NativeConnection (it applies its own plugins' options).
    const conn = new (this as unknown as new (options: ConnectionOptions) => Connection)(options);
    try {
      await conn.ensureConnected();
    } catch (err) {
      await conn.close();
      throw err;
    }
    return conn;
  }

  /** A connection that is only checked by its first call. */
  static lazy(options: ConnectionOptions = {}): Connection {
    return new (this as unknown as new (options: ConnectionOptions) => Connection)(options);
  }

  protected constructor(given: ConnectionOptions) {
    const options = this.configure(given);
    this.plugins = options.plugins ?? [];
    const address = options.address ?? 'localhost:7233';
    if (!/^[^\s]+:\d+$/.test(address) && !address.startsWith('unix:')) {
      throw new TypeError(`Connection address must be host:port, got ${JSON.stringify(address)}`);
    }
    this.options = { ...options, address };
    this.apiKey = options.apiKey;
    const creds = channelCredentials(options);
    // Channelz keeps per-call statistics that nothing here reads; it costs every call.
    const channelArgs: ChannelOptions & { interceptors?: Interceptor[] } = { 'grpc.enable_channelz': 0, ...options.channelArgs };
    if (options.interceptors?.length) channelArgs.interceptors = options.interceptors;
    const tls = typeof options.tls === 'object' && options.tls ? options.tls : undefined;
    if (tls?.serverNameOverride) {
      channelArgs['grpc.ssl_target_name_override'] = tls.serverNameOverride;
      channelArgs['grpc.default_authority'] = tls.serverNameOverride;
    }
    this.workflowService = this.serviceClient<WorkflowService>(ServiceName.workflow, address, creds, channelArgs);
    this.operatorService = this.serviceClient<OperatorService>(ServiceName.operator, address, creds, channelArgs);
    this.testService = this.serviceClient<TestService>(ServiceName.test, address, creds, channelArgs);
  }

  /** The options after each plugin's configureConnection (NativeConnection applies configureNativeConnection). */
  protected configure(options: ConnectionOptions): ConnectionOptions {
    for (const plugin of options.plugins ?? []) if (plugin.configureConnection) options = plugin.configureConnection(options);
    return options;
  }

  private serviceClient<S>(service: ServiceName, address: string, creds: ChannelCredentials, args: ChannelOptions): S {
    const Ctor = makeGenericClientConstructor(grpcServiceDefinition(service), service);
    // Every service shares the first client's channel: one connection to the server.
    const first = this.clients[0];
    const client = new Ctor(address, creds, first ? { ...args, channelOverride: first.getChannel() } : args) as GrpcClient &
      Record<string, RawMethod>;
    this.clients.push(client);
    const api: Record<string, (req: object) => Promise<object>> = {};
    for (const m of serviceMethods(service)) {
      const lower = m.name[0]!.toLowerCase() + m.name.slice(1);
      api[lower] = (req) => this.call(m.name, req, (md, opts, cb) => client[m.name]!.call(client, req, md, opts, cb));
    }
    return api as S;
  }

  private metadataFor(extra?: Record<string, string>): GrpcMetadata {
    const md = new Metadata();
    md.set('client-name', CLIENT_NAME);
    md.set('client-version', CLIENT_VERSION);
    for (const [k, v] of Object.entries({ ...this.options.metadata, ...extra })) md.set(k, v);
    const key = typeof this.apiKey === 'function' ? this.apiKey() : this.apiKey;
    if (key) md.set('authorization', `Bearer ${key}`);
    return md;
  }

  private async call(
    method: string,
    request: object,
    invoke: (md: GrpcMetadata, opts: { deadline?: number }, cb: RawCallback) => { cancel(): void },
  ): Promise<object> {
    if (this.closed) throw new ServiceError(`Connection to ${this.options.address} is closed (${method})`);
    const ctx = scope.getStore() ?? {};
    const retry = this.options.retry ?? {};
    const maxAttempts = NOT_RETRIED.has(method) || this.options.interceptors?.length ? 1 : Math.max(1, retry.maxAttempts ?? 10);
    for (let attempt = 1; ; attempt++) {
      const began = this.observers.size ? performance.now() : 0;
      try {
        const response = await new Promise<object>((resolve, reject) => {
          if (ctx.signal?.aborted) {
            reject(new ServiceError(`${method} was aborted before it was sent`, { cause: ctx.signal.reason }));
            return;
          }
          const call = invoke(this.metadataFor(ctx.metadata), { deadline: ctx.deadline }, (err, res) => {
            ctx.signal?.removeEventListener('abort', onAbort);
            if (err) reject(err);
            else resolve(res);
          });
          const onAbort = () => call.cancel();
          ctx.signal?.addEventListener('abort', onAbort, { once: true });
        });
        if (began) this.observe(method, request, status.OK, began);
        return response;
      } catch (err) {
        const code = isGrpcServiceError(err) ? err.code : undefined;
        if (began) this.observe(method, request, code ?? status.UNKNOWN, began);
        const left = ctx.deadline !== undefined ? ctx.deadline - Date.now() : Infinity;
        const retryable = isGrpcServiceError(err) && isRetryableError({ code: err.code, details: err.details ?? '' });
        if (code === undefined || !retryable || attempt >= maxAttempts || left <= 0 || ctx.signal?.aborted) throw err;
        const base = code === status.RESOURCE_EXHAUSTED ? Math.max(1000, retry.initialIntervalMs ?? 100) : (retry.initialIntervalMs ?? 100);
        const backoff = Math.min(retry.maxIntervalMs ?? 5000, base * 2 ** (attempt - 1));
        // ±20% jitter so many clients do not retry in lockstep.
        await sleep(Math.min(left, backoff * (0.8 + Math.random() * 0.4)), ctx.signal);
      }
    }
  }

  private readonly observers = new Set<CallObserver>();

  /**
   * Tells `observer` of every call attempt this connection makes, with its status code and duration: how a worker
   * counts its requests (`temporal_request` …). Returns a function that stops it.
   */
  observeCalls(observer: CallObserver): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  private observe(method: string, request: object, code: number, began: number): void {
    const ms = performance.now() - began;
    for (const o of this.observers) o({ method, request, code, ms });
  }

  /** Fails unless the server answers GetSystemInfo within `connectTimeout`. */
  async ensureConnected(): Promise<void> {
    const timeout = msToNumber(this.options.connectTimeout ?? '10s');
    try {
      await this.withDeadline(Date.now() + timeout, () => this.workflowService.getSystemInfo({}));
    } catch (err) {
      const why = isGrpcServiceError(err) ? err.details || err.message : (err as Error).message;
      throw new ServiceError(`Cannot reach a Temporal server at ${this.options.address}: ${why}`, { cause: err });
    }
  }

  /** Runs `fn` with every call it makes bounded by `deadline` (epoch ms or a Date). */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    const ms = typeof deadline === 'number' ? deadline : deadline.getTime();
    return scope.run({ ...scope.getStore(), deadline: ms }, fn);
  }

  /** Runs `fn` with `metadata` added to every call it makes. */
  withMetadata<R>(metadata: Record<string, string>, fn: () => Promise<R>): Promise<R> {
    const current = scope.getStore();
    return scope.run({ ...current, metadata: { ...current?.metadata, ...metadata } }, fn);
  }

  /** Runs `fn` with its calls cancelled when `signal` aborts. */
  withAbortSignal<R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return scope.run({ ...scope.getStore(), signal }, fn);
  }

  /** Replaces the API key for the calls that follow (keys rotate). */
  setApiKey(apiKey: string | (() => string)): void {
    this.apiKey = apiKey;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.clients) c.close();
  }
}
