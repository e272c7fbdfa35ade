// Cancellation scopes, as @temporalio/workflow defines them: a tree of scopes; cancelling one rejects the work
// started inside it and inside its cancellable children. Which scope is current follows async calls through the
// sandbox's AsyncLocalStorage.
import { ActivityFailure, CancelledFailure, ChildWorkflowFailure, msToNumber, type Duration } from '@durable/common';
import { AsyncLocalStorage } from './async-local-storage.js';
import type { PendingStack, StackEntry } from './stack-traces.js';

const storage = new AsyncLocalStorage<CancellationScope>();

/** What a scope needs of the run it is in (its Activator): the root scope, and durable timers for timeouts. */
export interface ScopeRun {
  readonly rootScope: CancellationScope;
  nextSeq(kind: 'timer'): number;
  stackOf(entry: StackEntry): PendingStack | undefined;
  sleep(ms: number, seq: number, summary: string | undefined, stack: PendingStack | undefined): Promise<void>;
}

/** The run being activated (it throws outside one). The runtime's state (state.ts) hands it in when it loads. */
let currentRun: () => ScopeRun;

export function findRunsWith(current: () => ScopeRun): void {
  currentRun = current;
}

const NO_PARENT = Symbol('no parent');

export interface CancellationScopeOptions {
  /** Cancel the scope after this long (a durable timer). */
  timeout?: Duration;
  /** false: cancellation of the parent does not reach this scope. Default true. */
  cancellable?: boolean;
  parent?: CancellationScope | typeof NO_PARENT;
}

export class CancellationScope {
  readonly timeout?: number;
  readonly cancellable: boolean;
  readonly parent?: CancellationScope;
  /** Rejects with a CancelledFailure when the scope is cancelled. */
  readonly cancelRequested: Promise<never>;
  #cancelRequested = false;
  #reject!: (err: unknown) => void;

  constructor(options?: CancellationScopeOptions) {
    this.timeout = options?.timeout !== undefined ? msToNumber(options.timeout) : undefined;
    this.cancellable = options?.cancellable ?? true;
    this.cancelRequested = new Promise<never>((_, reject) => {
      this.#reject = (err) => {
        this.#cancelRequested = true;
        reject(err);
      };
    });
    // Nobody is obliged to listen for cancellation.
    this.cancelRequested.catch(() => undefined);
    if (options?.parent !== NO_PARENT) {
      const parent = options?.parent ?? CancellationScope.current();
      this.parent = parent;
      // A non-cancellable parent shields its children from cancellation above it.
      if (parent.cancellable) {
        this.#cancelRequested = parent.#cancelRequested;
        parent.cancelRequested.catch((err: unknown) => this.#reject(err));
      }
    }
  }

  /** True once cancellation reached this scope and the scope is cancellable. */
  get consideredCancelled(): boolean {
    return this.#cancelRequested && this.cancellable;
  }

  /** Runs `fn` with this scope as the current one; with a timeout, the scope is cancelled when it elapses. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return storage.run(this, () => this.runInScope(fn));
  }

  private async runInScope<T>(fn: () => Promise<T>): Promise<T> {
    let timerScope: CancellationScope | undefined;
    if (this.timeout !== undefined) {
      timerScope = new CancellationScope();
      const timeout = this.timeout;
      timerScope
        .run(() => {
          const run = currentRun();
          return run.sleep(timeout, run.nextSeq('timer'), undefined, run.stackOf(CancellationScope.prototype.run));
        })
        .then(
          () => this.cancel(),
          () => undefined,
        );
    }
    try {
      return await fn();
    } finally {
      // The timeout's timer is no longer needed once fn settles.
      if (timerScope && !timerScope.consideredCancelled) timerScope.cancel();
    }
  }

  cancel(): void {
    this.#reject(new CancelledFailure('Cancellation scope cancelled'));
  }

  static current(): CancellationScope {
    return storage.getStore() ?? currentRun().rootScope;
  }

  static cancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new this({ cancellable: true }).run(fn);
  }

  static nonCancellable<T>(fn: () => Promise<T>): Promise<T> {
    return new this({ cancellable: false }).run(fn);
  }

  static withTimeout<T>(timeout: Duration, fn: () => Promise<T>): Promise<T> {
    return new this({ cancellable: true, timeout }).run(fn);
  }
}

/** The root of a run's scope tree: cancelled when the workflow is asked to cancel. */
export function createRootScope(): CancellationScope {
  return new CancellationScope({ parent: NO_PARENT });
}

/** Whether an error is a cancellation, or an activity or child workflow failure caused by one. */
export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledFailure || ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause instanceof CancelledFailure);
}
