// Signals, queries and updates: definitions shared with clients, the handlers a workflow registers for them (named
// or default), what the workflow reports about itself (current details), and the built-in queries' definitions.
import { HandlerUnfinishedPolicy, type PayloadTypeInfo } from '@durable/common';
import { currentActivator } from '../runtime/state.js';
import { ENHANCED_STACK_TRACE_QUERY, METADATA_QUERY, STACK_TRACE_QUERY, updateScope, type DefaultHandler } from '../runtime/messages.js';
import type { UpdateInfo } from '../runtime/info.js';
import type { EnhancedStackTrace } from '../runtime/stack-traces.js';

export type SignalTypeInfo = Pick<PayloadTypeInfo, 'inputTypes'>;
export interface SignalDefinitionOptions {
  typeInfo?: SignalTypeInfo;
}
export interface QueryDefinitionOptions {
  typeInfo?: PayloadTypeInfo;
}
export interface UpdateDefinitionOptions {
  typeInfo?: PayloadTypeInfo;
}

export interface SignalDefinition<Args extends unknown[] = [], Name extends string = string> {
  type: 'signal';
  name: Name;
  typeInfo?: SignalTypeInfo;
  /** Never set: carries the argument types. */
  readonly __args?: Args;
}
export interface QueryDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'query';
  name: Name;
  typeInfo?: PayloadTypeInfo;
  readonly __args?: Args;
  readonly __ret?: Ret;
}
export interface UpdateDefinition<Ret, Args extends unknown[] = [], Name extends string = string> {
  type: 'update';
  name: Name;
  typeInfo?: PayloadTypeInfo;
  readonly __args?: Args;
  readonly __ret?: Ret;
}

export function defineSignal<Args extends unknown[] = [], Name extends string = string>(name: Name, options: SignalDefinitionOptions = {}): SignalDefinition<Args, Name> {
  return { type: 'signal', name, ...options };
}
export function defineQuery<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name, options: QueryDefinitionOptions = {}): QueryDefinition<Ret, Args, Name> {
  return { type: 'query', name, ...options };
}
export function defineUpdate<Ret, Args extends unknown[] = [], Name extends string = string>(name: Name, options: UpdateDefinitionOptions = {}): UpdateDefinition<Ret, Args, Name> {
  return { type: 'update', name, ...options };
}

export type Handler<Ret, Args extends unknown[], T extends UpdateDefinition<Ret, Args> | SignalDefinition<Args> | QueryDefinition<Ret, Args>> =
  T extends UpdateDefinition<infer R, infer A>
    ? (...args: A) => R | Promise<R>
    : T extends SignalDefinition<infer A>
      ? (...args: A) => void | Promise<void>
      : T extends QueryDefinition<infer R, infer A>
        ? (...args: A) => R
        : never;

export type DefaultSignalHandler = (signalName: string, ...args: unknown[]) => void | Promise<void>;
export type DefaultUpdateHandler = (updateName: string, ...args: unknown[]) => Promise<unknown> | unknown;
export type DefaultQueryHandler = (queryName: string, ...args: unknown[]) => unknown;
export type UpdateValidator<Args extends unknown[]> = (...args: Args) => void;

export type QueryHandlerOptions = { description?: string };
export type SignalHandlerOptions = { description?: string; unfinishedPolicy?: HandlerUnfinishedPolicy };
export type UpdateHandlerOptions<Args extends unknown[]> = {
  /** Runs before the update is accepted; throwing rejects it (nothing is written to history). */
  validator?: UpdateValidator<Args>;
  description?: string;
  unfinishedPolicy?: HandlerUnfinishedPolicy;
};
/** Any of the three option shapes. */
export type HandlerOptions<Args extends unknown[] = unknown[]> = UpdateHandlerOptions<Args>;

type AnyDefinition = SignalDefinition<unknown[]> | QueryDefinition<unknown, unknown[]> | UpdateDefinition<unknown, unknown[]>;
type Fn = (...args: unknown[]) => unknown;

function checkHandler(handler: unknown): void {
  if (handler !== undefined && handler !== null && typeof handler !== 'function') {
    throw new TypeError(`Expected handler to be either a function or 'undefined'. Got: '${typeof handler}'`);
  }
}

/** Registers (or with undefined, removes) the handler of a signal, query or update. */
export function setHandler<Ret, Args extends unknown[], T extends QueryDefinition<Ret, Args>>(def: T, handler: Handler<Ret, Args, T> | undefined, options?: QueryHandlerOptions): void;
export function setHandler<Ret, Args extends unknown[], T extends SignalDefinition<Args>>(def: T, handler: Handler<Ret, Args, T> | undefined, options?: SignalHandlerOptions): void;
export function setHandler<Ret, Args extends unknown[], T extends UpdateDefinition<Ret, Args>>(def: T, handler: Handler<Ret, Args, T> | undefined, options?: UpdateHandlerOptions<Args>): void;
export function setHandler(def: AnyDefinition, handler: Fn | undefined, options?: UpdateHandlerOptions<unknown[]>): void {
  const m = currentActivator().messages;
  checkHandler(handler);
  const entry = handler
    ? { handler, description: options?.description, unfinishedPolicy: options?.unfinishedPolicy ?? HandlerUnfinishedPolicy.WARN_AND_ABANDON, validator: options?.validator as Fn | undefined }
    : undefined;
  switch (def?.type) {
    case 'signal':
      m.setHandler('signal', def.name, entry);
      m.flushSignals();
      return;
    case 'query':
      m.setHandler('query', def.name, entry);
      return;
    case 'update':
      m.setHandler('update', def.name, entry);
      m.flushUpdates();
      return;
    default:
      throw new TypeError(`Invalid definition type: ${String((def as { type?: unknown } | undefined)?.type)}`);
  }
}

/** Receives signals that have no handler of their own, in the order the server accepted them. */
export function setDefaultSignalHandler(handler: DefaultSignalHandler | undefined): void {
  checkHandler(handler);
  const m = currentActivator().messages;
  m.defaultSignal = handler ?? undefined;
  if (handler) m.flushSignals();
}

/** Receives updates that have no handler of their own. */
export function setDefaultUpdateHandler(handler: DefaultUpdateHandler | undefined): void {
  checkHandler(handler);
  const m = currentActivator().messages;
  m.defaultUpdate = (handler as DefaultHandler | undefined) ?? undefined;
  if (handler) m.flushUpdates();
}

/** Answers queries that have no handler of their own (not the built-in ones). */
export function setDefaultQueryHandler(handler: DefaultQueryHandler | undefined): void {
  checkHandler(handler);
  currentActivator().messages.defaultQuery = handler ?? undefined;
}

/** True when no async signal or update handler is still running: `await condition(allHandlersFinished)`. */
export function allHandlersFinished(): boolean {
  return currentActivator().messages.allFinished;
}

/** The update whose handler the calling code runs in, or undefined. */
export function currentUpdateInfo(): UpdateInfo | undefined {
  currentActivator();
  return updateScope.getStore();
}

/** What the workflow says it is doing; shown by the UI and `temporal workflow describe`. */
export function getCurrentDetails(): string {
  return currentActivator().messages.currentDetails;
}

/** Sets what the workflow says it is doing (markdown), answered by the `__temporal_workflow_metadata` query. */
export function setCurrentDetails(details: string): void {
  currentActivator().messages.currentDetails = details;
}

export const stackTraceQuery = defineQuery<string>(STACK_TRACE_QUERY);
export const enhancedStackTraceQuery = defineQuery<EnhancedStackTrace>(ENHANCED_STACK_TRACE_QUERY);
export const workflowMetadataQuery = defineQuery<Record<string, unknown>>(METADATA_QUERY);
