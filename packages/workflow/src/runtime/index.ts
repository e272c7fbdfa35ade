/**
 * @durable/workflow/runtime: the entry the sandbox host calls, one copy per run (the bundle is instantiated per run).
 * Not for workflow code.
 */
import { Activator, type LogSink, type Workflows } from './activator.js';
import { setActivator } from './state.js';
import { CancellationScope } from './scope.js';
import type { WorkflowInterceptorsFactory } from './interceptors.js';
import type { Activation, ActivationCompletion } from './protocol.js';

export interface RunApi {
  activate(activation: Activation): void;
  /** Whether any condition() is waiting; without one, there is nothing for tryUnblockConditions to do. */
  hasConditions(): boolean;
  /** Resolves conditions that now hold; the host drains microtasks and calls again until it returns 0. */
  tryUnblockConditions(): number;
  conclude(): ActivationCompletion;
  random(): number;
  now(): number;
  /** Global setTimeout inside workflow code: a durable timer, cancellable with clearTimeout. */
  setTimeout(fn: (...args: unknown[]) => void, ms: number, args: unknown[]): number;
  clearTimeout(id: number): void;
  /** console.* inside workflow code: through the log sink, silent during replay. */
  console(level: string, args: unknown[]): void;
}

export function createRun(workflows: Workflows, log: LogSink, interceptors: WorkflowInterceptorsFactory[] = []): RunApi {
  const activator = new Activator(workflows, log, interceptors);
  // Runs share this runtime; each call into a run makes it the current one. Activations are synchronous (and
  // drained before the next), so every continuation of a run executes while that run is current.
  setActivator(activator);
  const timers = new Map<number, CancellationScope>();
  let timerIds = 0;
  return {
    activate(activation) {
      setActivator(activator);
      try {
        activator.activate(activation);
      } catch (err) {
        activator.failTask(err);
      }
    },
    hasConditions: () => activator.hasConditions(),
    tryUnblockConditions: () => {
      setActivator(activator);
      return activator.tryUnblockConditions();
    },
    conclude: () => {
      setActivator(activator);
      return activator.conclude();
    },
    random: () => activator.random(),
    now: () => activator.now,
    setTimeout(fn, ms, args) {
      const id = ++timerIds;
      const scope = new CancellationScope({ cancellable: true });
      timers.set(id, scope);
      scope
        .run(() => activator.sleep(Math.max(0, Number(ms) || 0)))
        .then(
          () => {
            timers.delete(id);
            fn(...args);
          },
          () => timers.delete(id),
        );
      return id;
    },
    clearTimeout(id) {
      timers.get(id)?.cancel();
    },
    console(level, args) {
      if (activator.isReplaying) return;
      activator.log(level, args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '), {});
    },
  };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export type * from './protocol.js';
export { ActivityCancellationType } from './protocol.js';
export type { LogSink, Workflows } from './activator.js';
export type * from './interceptors.js';
