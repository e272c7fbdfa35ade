// The Client: one connection, one namespace, one data converter, shared by its sub-clients.
import type { WorkflowService } from '@durable/proto';
import type { LoadedDataConverter } from '@durable/common';
import { BaseClient, baseOptions, type BaseClientOptions } from './base-client.js';
import type { ClientInterceptors } from './interceptors.js';
import type { QueryRejectCondition } from './client-types.js';
import { WorkflowClient, type WorkflowClientOptions } from './workflow-client.js';
import { ScheduleClient } from './schedule-client.js';
import { TaskQueueClient } from './task-queue-client.js';
import { ActivityClient } from './activity-client.js';

export interface ClientOptions extends BaseClientOptions {
  interceptors?: ClientInterceptors;
  workflow?: { queryRejectCondition?: QueryRejectCondition };
  /** Applied in order to these options, then the connection's plugins (see ClientPlugin). */
  plugins?: ClientPlugin[];
}

/**
 * A plugin, as the official client takes them (experimental there too): rewrites a client's options before it is
 * made, so one package (OpenTelemetryPlugin, for one) can bring its interceptors or data converter in a line.
 */
export interface ClientPlugin {
  /** Shown in logs and worker heartbeats. */
  readonly name: string;
  /** Returns the client options to use in place of `options`. */
  configureClient?(options: ClientOptions): ClientOptions;
}

/** The options after each plugin's configureClient: the client's own plugins, then its connection's. */
function configureClient(given: ClientOptions): ClientOptions {
  const plugins = [...(given.plugins ?? []), ...((given.connection?.plugins ?? []) as ClientPlugin[])];
  let options: ClientOptions = { ...given, plugins };
  for (const plugin of plugins) if (plugin.configureClient) options = plugin.configureClient(options);
  return options;
}

export class Client extends BaseClient {
  readonly options: { namespace: string; identity: string; loadedDataConverter: LoadedDataConverter; interceptors: ClientInterceptors; plugins: ClientPlugin[] };
  readonly workflow: WorkflowClient;
  readonly schedule: ScheduleClient;
  readonly taskQueue: TaskQueueClient;
  /** Standalone activities, and asynchronous completion of any activity. */
  readonly activity: ActivityClient;

  constructor(given: ClientOptions = {}) {
    const options = configureClient(given);
    super(options);
    this.options = { ...baseOptions(options, this.dataConverter), interceptors: options.interceptors ?? {}, plugins: options.plugins ?? [] };
    const common = { connection: this.connection, namespace: this.options.namespace, identity: this.options.identity, dataConverter: this.dataConverter };
    this.workflow = this.createWorkflowClient({ ...common, interceptors: this.options.interceptors.workflow ?? [], queryRejectCondition: options.workflow?.queryRejectCondition });
    this.schedule = new ScheduleClient(common);
    this.taskQueue = new TaskQueueClient(common);
    this.activity = new ActivityClient({ ...common, interceptors: this.options.interceptors.activity ?? [] });
  }

  /** Builds `client.workflow`; test environments override it to wrap result() in time skipping. */
  protected createWorkflowClient(options: WorkflowClientOptions): WorkflowClient {
    return new WorkflowClient(options);
  }

  /** Raw gRPC access to WorkflowService. */
  get workflowService(): WorkflowService {
    return this.connection.workflowService;
  }
}
