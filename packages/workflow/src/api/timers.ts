// Durable time: sleep() becomes a timer in history; condition() waits for state changed by signals or updates.
import { msToNumber, type Duration, composeInterceptors } from '@durable/common';
import { CancellationScope } from '../runtime/scope.js';
import { currentActivator } from '../runtime/state.js';
import { captureStack } from '../runtime/stack-traces.js';
import type { TimerOptions } from '../runtime/interceptors.js';

/** Waits `duration` (ms or an `ms` string like '30 days') as a durable timer; survives restarts. */
export function sleep(duration: Duration, options?: TimerOptions): Promise<void> {
  const activator = currentActivator();
  const stack = captureStack(sleep);
  const start = composeInterceptors(activator.interceptors.outbound, 'startTimer', (input) => activator.sleep(input.durationMs, input.seq, input.options?.summary, stack));
  return start({ durationMs: msToNumber(duration), seq: activator.nextSeq('timer'), options });
}

/** Resolves once `fn()` returns true (checked after every job). */
export function condition(fn: () => boolean): Promise<void>;
/** Resolves true once `fn()` holds, or false when `timeout` elapses first. */
export function condition(fn: () => boolean, timeout: Duration): Promise<boolean>;
export async function condition(fn: () => boolean, timeout?: Duration): Promise<boolean | void> {
  const activator = currentActivator();
  const stack = captureStack(condition);
  if (timeout === undefined) return activator.condition(fn, stack);
  const ms = msToNumber(timeout);
  // The official SDK races a timer against the condition in its own scope and cancels the timer when the
  // condition wins; doing the same keeps histories identical.
  return CancellationScope.cancellable(async () => {
    try {
      return await Promise.race([sleep(ms).then(() => false), activator.condition(fn, stack).then(() => true)]);
    } finally {
      CancellationScope.current().cancel();
    }
  });
}
