// Clients of a time-skipping test server: while a test waits for a workflow result, the server may skip time. The
// server holds one lock; waits are counted here, so concurrent results (Promise.all of two executes) unlock it
// once and lock it again when the last one is done, as the Java SDK's test client does.
import { Client, WorkflowClient, type ClientOptions, type WorkflowClientOptions } from '@durable/client';
import type { TestService } from '@durable/proto';

/** The unlocked-while-waiting count of one test server, with its calls made in order. */
class TimeSkippingLock {
  private waiting = 0;
  private calls: Promise<unknown> = Promise.resolve();

  constructor(private readonly test: TestService) {}

  private inOrder(call: () => Promise<unknown>): Promise<void> {
    const next = this.calls.then(call, call);
    this.calls = next.catch(() => undefined);
    return next.then(() => undefined);
  }

  /** The first waiter unlocks time skipping on the server. */
  acquire(): Promise<void> {
    return ++this.waiting === 1 ? this.inOrder(() => this.test.unlockTimeSkipping({})) : this.calls.then(() => undefined);
  }

  /** The last waiter locks it again. */
  release(): Promise<void> {
    return --this.waiting === 0 ? this.inOrder(() => this.test.lockTimeSkipping({})) : Promise.resolve();
  }
}

const locks = new WeakMap<TestService, TimeSkippingLock>();
function lockOf(test: TestService): TimeSkippingLock {
  let lock = locks.get(test);
  if (!lock) locks.set(test, (lock = new TimeSkippingLock(test)));
  return lock;
}

/** A WorkflowClient whose result() lets the test server skip time while it waits. */
export class TimeSkippingWorkflowClient extends WorkflowClient {
  protected readonly testService: TestService;

  constructor(options: WorkflowClientOptions) {
    super(options);
    this.testService = this.connection.testService;
  }

  override async result<T = unknown>(workflowId: string, runId?: string, opts?: { followRuns?: boolean }): Promise<T> {
    const lock = lockOf(this.testService);
    await lock.acquire();
    try {
      return await super.result<T>(workflowId, runId, opts);
    } finally {
      await lock.release();
    }
  }
}

/** The test environment's client: its `workflow` client skips time while results are awaited. */
export class TimeSkippingClient extends Client {
  constructor(options: ClientOptions) {
    super(options);
  }
  protected override createWorkflowClient(options: WorkflowClientOptions): WorkflowClient {
    return new TimeSkippingWorkflowClient(options);
  }
}
