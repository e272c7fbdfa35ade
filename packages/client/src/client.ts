// The Client: one connection, one namespace, one data converter, shared by its sub-clients.
import { hostname } from 'node:os';
import { loadDataConverter, type DataConverter, type LoadedDataConverter } from '@durable/common';
import type { WorkflowService } from '@durable/proto';
import { Connection } from './connection.js';
import type { ClientInterceptors } from './interceptors.js';
import { WorkflowClient, type WorkflowClientContext } from './workflow-client.js';
import { ScheduleClient } from './schedule-client.js';

export interface ClientOptions {
  /** Default: a lazy connection to localhost:7233. */
  connection?: Connection;
  /** Default 'default'. */
  namespace?: string;
  dataConverter?: DataConverter;
  interceptors?: ClientInterceptors;
  /** Recorded by the server as who made each call. Default `<pid>@<hostname>`. */
  identity?: string;
}

export class Client {
  readonly connection: Connection;
  readonly options: { namespace: string; identity: string; dataConverter: LoadedDataConverter; interceptors: ClientInterceptors };
  readonly workflow: WorkflowClient;
  readonly schedule: ScheduleClient;

  constructor(options: ClientOptions = {}) {
    this.connection = options.connection ?? Connection.lazy();
    const namespace = options.namespace ?? 'default';
    if (!namespace) throw new TypeError('Client namespace must be a non-empty string');
    this.options = {
      namespace,
      identity: options.identity ?? `${process.pid}@${hostname()}`,
      dataConverter: loadDataConverter(options.dataConverter),
      interceptors: options.interceptors ?? {},
    };
    this.workflow = this.createWorkflowClient({
      service: this.connection.workflowService,
      namespace,
      identity: this.options.identity,
      dataConverter: this.options.dataConverter,
      interceptors: this.options.interceptors.workflow ?? [],
    });
    this.schedule = new ScheduleClient({
      service: this.connection.workflowService,
      namespace,
      identity: this.options.identity,
      dataConverter: this.options.dataConverter,
    });
  }

  /** Builds `client.workflow`; test environments override it to wrap result() in time skipping. */
  protected createWorkflowClient(ctx: WorkflowClientContext): WorkflowClient {
    return new WorkflowClient(ctx);
  }

  /** Raw gRPC access to WorkflowService. */
  get workflowService(): WorkflowService {
    return this.connection.workflowService;
  }

  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    return this.connection.withDeadline(deadline, fn);
  }

  withMetadata<R>(metadata: Record<string, string>, fn: () => Promise<R>): Promise<R> {
    return this.connection.withMetadata(metadata, fn);
  }

  withAbortSignal<R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return this.connection.withAbortSignal(signal, fn);
  }
}
