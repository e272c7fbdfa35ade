// Sinks: one-way calls from workflow code to functions the worker was given (`sinks` worker option), made after the
// activation and, unless the sink asks for it (`callDuringReplay`), not for calls made while history is replayed.
import { currentActivator } from '../runtime/state.js';
import type { SinkCall } from '../runtime/protocol.js';

export type { SinkCall };
// `void` results only: a sink call never answers the workflow.
export type SinkFunction = (...args: never[]) => void;
export type Sink = Record<string, SinkFunction>;
export type Sinks = Record<string, Sink>;

/**
 * A proxy to the worker's sinks: `proxySinks<MySinks>().alerts.send(message)`. Arguments are copied as plain data
 * (no functions) when the call is made.
 */
export function proxySinks<T extends Sinks>(): T {
  return new Proxy({} as T, {
    get(_, ifaceName) {
      return new Proxy(
        {},
        {
          get(__, fnName) {
            return (...args: unknown[]) => currentActivator().callSink(String(ifaceName), String(fnName), args);
          },
        },
      );
    },
  });
}
