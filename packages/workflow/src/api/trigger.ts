// Trigger: a promise the workflow resolves or rejects itself (e.g. from a signal handler), that also rejects when
// the cancellation scope it was made in is cancelled.
import { CancellationScope } from '../runtime/scope.js';
import { maybeActivator } from '../runtime/state.js';
import { captureStack } from '../runtime/stack-traces.js';

export class Trigger<T> implements PromiseLike<T> {
  readonly resolve!: (value: T | PromiseLike<T>) => void;
  readonly reject!: (reason?: unknown) => void;
  protected readonly promise: Promise<T>;

  constructor() {
    // Pending until settled: the stack trace queries show where it was made.
    const activator = maybeActivator();
    const stack = activator ? captureStack(Trigger) : undefined;
    if (stack) activator!.openTriggers.add(stack);
    this.promise = new Promise<T>((resolve, reject) => {
      const scope = CancellationScope.current();
      if (scope.cancellable) scope.cancelRequested.catch(reject);
      Object.assign(this, { resolve, reject });
    });
    this.promise
      .finally(() => {
        if (stack) activator!.openTriggers.delete(stack);
      })
      // Nobody is obliged to await a trigger that gets rejected.
      .catch(() => undefined);
  }

  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    return this.promise.then(onfulfilled, onrejected);
  }
}
