// What every client shares (Client, WorkflowClient, ScheduleClient, AsyncCompletionClient, TaskQueueClient): a
// connection, a namespace, an identity and a data converter; each client can be made alone from these options.
import { hostname } from 'node:os';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { loadDataConverter, type DataConverter, type FailureConverter, type LoadedDataConverter, type PayloadConverter } from '@durable/common';
import { Connection } from './connection.js';

export interface BaseClientOptions {
  /** Default: a lazy connection to localhost:7233. */
  connection?: Connection;
  /** Default 'default'. */
  namespace?: string;
  dataConverter?: DataConverter | LoadedDataConverter;
  /** Recorded by the server as who made each call. Default `<pid>@<hostname>`. */
  identity?: string;
}

const isLoaded = (dc: DataConverter | LoadedDataConverter): dc is LoadedDataConverter =>
  !!dc.payloadConverter && !!dc.failureConverter && Array.isArray(dc.payloadCodecs) && !('payloadConverterPath' in dc);

const requireHere = createRequire(import.meta.url);

/** A converter module named by path (the official SDK's form): it exports `payloadConverter` / `failureConverter`. */
function converterFromPath<T>(path: string, name: 'payloadConverter' | 'failureConverter'): T {
  const mod = requireHere(resolve(path)) as Record<string, unknown>;
  const value = mod[name] ?? (mod.default as Record<string, unknown> | undefined)?.[name];
  if (!value) throw new TypeError(`${path} does not export ${name}`);
  return value as T;
}

/** Defaults filled in; converters given by path are loaded. */
export function loadClientDataConverter(dc: DataConverter | LoadedDataConverter | undefined): LoadedDataConverter {
  if (!dc) return loadDataConverter();
  if (isLoaded(dc)) return dc;
  return loadDataConverter({
    ...dc,
    payloadConverter: dc.payloadConverter ?? (dc.payloadConverterPath ? converterFromPath<PayloadConverter>(dc.payloadConverterPath, 'payloadConverter') : undefined),
    failureConverter: dc.failureConverter ?? (dc.failureConverterPath ? converterFromPath<FailureConverter>(dc.failureConverterPath, 'failureConverter') : undefined),
  });
}

export const defaultIdentity = (): string => `${process.pid}@${hostname()}`;

export class BaseClient {
  readonly connection: Connection;
  readonly #dataConverter: LoadedDataConverter;

  protected constructor(options?: BaseClientOptions) {
    this.connection = options?.connection ?? Connection.lazy();
    this.#dataConverter = loadClientDataConverter(options?.dataConverter);
  }

  protected get dataConverter(): LoadedDataConverter {
    return this.#dataConverter;
  }

  /** Runs `fn` with every call it makes bounded by `deadline` (epoch ms or a Date). */
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    return this.connection.withDeadline(deadline, fn);
  }

  /** Runs `fn` with `metadata` added to every call it makes. */
  withMetadata<R>(metadata: Record<string, string>, fn: () => Promise<R>): Promise<R> {
    return this.connection.withMetadata(metadata, fn);
  }

  /** Runs `fn` with its calls cancelled when `signal` aborts. */
  withAbortSignal<R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return this.connection.withAbortSignal(signal, fn);
  }
}

/** Options with the common defaults applied. */
export function baseOptions(options: BaseClientOptions | undefined, loaded: LoadedDataConverter): { namespace: string; identity: string; loadedDataConverter: LoadedDataConverter } {
  const namespace = options?.namespace ?? 'default';
  if (!namespace) throw new TypeError('Client namespace must be a non-empty string');
  return { namespace, identity: options?.identity ?? defaultIdentity(), loadedDataConverter: loaded };
}
