// Interceptor chains, shared by clients, workers and workflows: each interceptor method receives the input and the
// next step, so it can change the input, add headers, or wrap the call.
import type { Payload } from './payload-converter.js';

/** Headers carried with a call (context propagation, tracing), as payloads. */
export type Headers = Record<string, Payload>;

type WithoutLast<T> = T extends [...infer Rest, unknown] ? Rest : never;
type Method = (...args: never[]) => unknown;

/** The next step of interceptor method `FN` of interface `IF`: the method without its last (`next`) parameter. */
export type Next<IF, FN extends keyof IF> = Required<IF>[FN] extends Method
  ? (...args: WithoutLast<Parameters<Required<IF>[FN]>>) => ReturnType<Required<IF>[FN]>
  : never;

/**
 * `last` wrapped by the interceptors that define `method`; the first in the list is the outermost (it sees the
 * call first and the result last).
 */
export function composeInterceptors<IF extends object, FN extends keyof IF>(interceptors: readonly IF[], method: FN, last: Next<IF, FN>): Next<IF, FN> {
  let next = last as unknown as (input: unknown) => unknown;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const self = interceptors[i]!;
    const fn = self[method] as Method | undefined;
    if (typeof fn !== 'function') continue;
    const inner = next;
    next = (input) => (fn as (input: unknown, next: unknown) => unknown).call(self, input, inner);
  }
  return next as unknown as Next<IF, FN>;
}
