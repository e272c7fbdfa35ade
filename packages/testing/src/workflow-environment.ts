// TestWorkflowEnvironment, as @temporalio/testing shapes it, on our in-process server: nothing to download,
// no child process. The time-skipping flavour jumps over timers whenever nothing is running and a test waits.
import { AsyncCompletionClient, Client, Connection, type ClientOptions, type WorkflowClient } from '@durable/client';
import { TimeSkippingClient } from './time-skipping-client.js';
import { msToNumber, msToProtoDuration, timestampPartsToMs, type Duration } from '@durable/common';
import type { google } from '@durable/proto';
import { DevServer, type DevServerOptions } from '@durable/server';

export interface TestWorkflowEnvironmentOptions {
  /** Passed to the in-process server: namespaces, search attributes, a database file … */
  server?: Omit<DevServerOptions, 'port' | 'ip' | 'timeSkipping' | 'clock'>;
  /** Default 'default'. */
  namespace?: string;
  client?: Omit<ClientOptions, 'connection' | 'namespace'>;
}

export class TestWorkflowEnvironment {
  private constructor(
    private readonly server: DevServer,
    readonly connection: Connection,
    readonly client: Client,
    readonly namespace: string,
    readonly supportsTimeSkipping: boolean,
  ) {}

  /** The server's address (host:port) for workers and clients made by the test. */
  get address(): string {
    return this.server.address;
  }

  /** The connection under the official worker-side name: the same object here. */
  get nativeConnection(): Connection {
    return this.connection;
  }

  /** `client.workflow` (time-skipping on a time-skipping server). */
  get workflowClient(): WorkflowClient {
    return this.client.workflow;
  }

  /** Completes activities that threw CompleteAsyncError. */
  get asyncCompletionClient(): AsyncCompletionClient {
    return new AsyncCompletionClient({ connection: this.connection, namespace: this.namespace });
  }

  /** A server with real time, in process, in memory, on a free port. */
  static createLocal(options: TestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    return TestWorkflowEnvironment.create(options, false);
  }

  /**
   * A server whose time jumps to the next timer while a test awaits a workflow result (or calls env.sleep) and no
   * workflow or activity task is pending: a workflow sleeping 30 days finishes in milliseconds.
   */
  static createTimeSkipping(options: TestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
    return TestWorkflowEnvironment.create(options, true);
  }

  private static async create(options: TestWorkflowEnvironmentOptions, timeSkipping: boolean): Promise<TestWorkflowEnvironment> {
    const namespace = options.namespace ?? 'default';
    const namespaces = namespace === 'default' ? options.server?.namespaces : [...(options.server?.namespaces ?? []), namespace];
    const server = await DevServer.start({ ...options.server, namespaces, port: 0, ip: '127.0.0.1', timeSkipping });
    try {
      const connection = await Connection.connect({ address: server.address });
      const clientOptions = { ...options.client, connection, namespace };
      const client = timeSkipping ? new TimeSkippingClient(clientOptions) : new Client(clientOptions);
      return new TestWorkflowEnvironment(server, connection, client, namespace, timeSkipping);
    } catch (err) {
      await server.stop();
      throw err;
    }
  }

  /** Waits `duration` of server time: skipped through on a time-skipping server, real time otherwise. */
  sleep = async (duration: Duration): Promise<void> => {
    const ms = msToNumber(duration);
    if (!this.supportsTimeSkipping) {
      // Timers run on a monotonic clock that can fire a millisecond before Date.now() (what currentTimeMs answers)
      // has moved by `ms`: wait until the wall clock has.
      const until = Date.now() + ms;
      while (Date.now() < until) await new Promise((r) => setTimeout(r, until - Date.now()));
      return;
    }
    await this.connection.testService.unlockTimeSkippingWithSleep({ duration: msToProtoDuration(ms) as unknown as google.protobuf.IDuration });
  };

  /** The server's current time (ahead of the wall clock once time was skipped). */
  async currentTimeMs(): Promise<number> {
    if (!this.supportsTimeSkipping) return Date.now();
    const { time } = await this.connection.testService.getCurrentTime({});
    return timestampPartsToMs(time as Parameters<typeof timestampPartsToMs>[0]);
  }

  async teardown(): Promise<void> {
    await this.connection.close();
    await this.server.stop();
  }
}
