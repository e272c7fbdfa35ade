// Signals, queries and updates: definitions shared with clients, and the handlers a workflow registers for them.
import { currentActivator } from '../runtime/state.js';

export interface SignalDefinition<Args extends unknown[] = [], Name extends string = string> {
  type: 'signal';
  name: Name;
  /** Never set: carries the argument types. */
  readonly __args?: Args;
}
export interface QueryDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'query';
  name: Name;
  readonly __args?: Args;
  readonly __ret?: Ret;
}
export interface UpdateDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'update';
  name: Name;
  readonly __args?: Args;
  readonly __ret?: Ret;
}

export function defineSignal<Args extends unknown[] = [], Name extends string = string>(name: Name): SignalDefinition<Args, Name> {
  return { type: 'signal', name };
}
export function defineQuery<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name): QueryDefinition<Ret, Args, Name> {
  return { type: 'query', name };
}
export function defineUpdate<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name): UpdateDefinition<Ret, Args, Name> {
  return { type: 'update', name };
}

export type Handler<T> = T extends SignalDefinition<infer A>
  ? (...args: A) => void | Promise<void>
  : T extends QueryDefinition<infer R, infer A>
    ? (...args: A) => R
    : T extends UpdateDefinition<infer R, infer A>
      ? (...args: A) => R | Promise<R>
      : never;

export interface HandlerOptions<Args extends unknown[] = unknown[]> {
  /** Updates only: runs before the update is accepted; throwing rejects it (nothing is written to history). */
  validator?: (...args: Args) => void;
  description?: string;
}

type AnyDefinition = SignalDefinition<unknown[]> | QueryDefinition<unknown, unknown[]> | UpdateDefinition<unknown, unknown[]>;

/** Registers (or with undefined, removes) the handler of a signal, query or update. */
export function setHandler<D extends AnyDefinition>(def: D, handler: Handler<D> | undefined, options?: HandlerOptions): void {
  const activator = currentActivator();
  const fn = handler as ((...args: unknown[]) => unknown) | undefined;
  switch (def.type) {
    case 'signal':
      if (fn) activator.signalHandlers.set(def.name, fn);
      else activator.signalHandlers.delete(def.name);
      activator.flushBufferedSignals();
      return;
    case 'query':
      if (fn) activator.queryHandlers.set(def.name, fn);
      else activator.queryHandlers.delete(def.name);
      return;
    case 'update':
      if (fn) activator.updateHandlers.set(def.name, { handler: fn, validator: options?.validator as ((...a: unknown[]) => void) | undefined });
      else activator.updateHandlers.delete(def.name);
      return;
    default:
      throw new TypeError(`setHandler needs a signal, query or update definition, got ${JSON.stringify(def)}`);
  }
}

/** Receives signals that have no handler of their own. */
export function setDefaultSignalHandler(handler: ((signalName: string, ...args: unknown[]) => void | Promise<void>) | undefined): void {
  const activator = currentActivator();
  activator.defaultSignalHandler = handler;
  if (handler) activator.flushBufferedSignals();
}

/** True when no async signal or update handler is still running: `await condition(allHandlersFinished)`. */
export function allHandlersFinished(): boolean {
  return currentActivator().inFlightHandlers === 0;
}
