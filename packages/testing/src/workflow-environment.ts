// TestWorkflowEnvironment, as @temporalio/testing shapes it, on our in-process server: nothing to download,
// no child process. The time-skipping flavour jumps over timers whenever nothing is running and a test waits.
import {
  Client,
  Connection,
  WorkflowClient,
  type ClientOptions,
  type Workflow,
  type WorkflowClientContext,
  type WorkflowOptions,
  type WorkflowSignalWithStartOptions,
} from '@durable/client';
import { msToNumber, msToProtoDuration, timestampPartsToMs, type Duration } from '@durable/common';
import type { google, TestService } from '@durable/proto';
import { DevServer, type DevServerOptions } from '@durable/server';

export interface TestWorkflowEnvironmentOptions {
  /** Passed to the in-process server: namespaces, search attributes, a database file … */
  server?: Omit<DevServerOptions, 'port' | 'ip' | 'timeSkipping' | 'clock'>;
  /** Default 'default'. */
  namespace?: string;
  client?: Omit<ClientOptions, 'connection' | 'namespace'>;
}

type Handle = { result(): Promise<unknown> };

/** Unlocks time skipping while a result is awaited, as the official test client does. */
function skipWhileWaiting<H extends Handle>(handle: H, test: TestService): H {
  const result = handle.result.bind(handle);
  handle.result = async () => {
    await test.unlockTimeSkipping({});
    try {
      return await result();
    } finally {
      await test.lockTimeSkipping({});
    }
  };
  return handle;
}

class TimeSkippingWorkflowClient extends WorkflowClient {
  constructor(
    ctx: WorkflowClientContext,
    private readonly test: TestService,
  ) {
    super(ctx);
  }
  override async start<W extends Workflow>(workflow: string | W, options: WorkflowOptions) {
    return skipWhileWaiting(await super.start<W>(workflow, options), this.test);
  }
  override async signalWithStart<W extends Workflow>(workflow: string | W, options: WorkflowSignalWithStartOptions) {
    return skipWhileWaiting(await super.signalWithStart<W>(workflow, options), this.test);
  }
  override getHandle<T = unknown>(...args: Parameters<WorkflowClient['getHandle']>) {
    return skipWhileWaiting(super.getHandle<T>(...args), this.test);
  }
}

class TimeSkippingClient extends Client {
  protected override createWorkflowClient(ctx: WorkflowClientContext): WorkflowClient {
    return new TimeSkippingWorkflowClient(ctx, this.connection.testService);
  }
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
      await new Promise((r) => setTimeout(r, ms));
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
