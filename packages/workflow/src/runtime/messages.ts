// Signals, queries and updates arriving at a run: their handlers (named and default), messages buffered until a
// handler is set, handlers still running when the workflow completes, and the built-in queries.
import {
  ApplicationFailure,
  HandlerUnfinishedPolicy,
  IllegalStateError,
  TemporalFailure,
  arrayFromPayloads,
  composeInterceptors,
  RawValue,
  type FailureConverter,
  type PayloadConverter,
} from '@durable/common';
import { AsyncLocalStorage } from './async-local-storage.js';
import type { UpdateInfo, WorkflowInfo } from './info.js';
import type { Command, Job } from './protocol.js';
import type { QueryInput, SignalInput, UpdateInput, WorkflowInboundCallsInterceptor } from './interceptors.js';
import type { StackTraces } from './stack-traces.js';

type Fn = (...args: unknown[]) => unknown;
export type DefaultHandler = (name: string, ...args: unknown[]) => unknown;
type SignalJob = Extract<Job, { kind: 'signalWorkflow' }>;
type QueryJob = Extract<Job, { kind: 'queryWorkflow' }>;
type UpdateJob = Extract<Job, { kind: 'doUpdate' }>;

export interface HandlerEntry {
  handler: Fn;
  description?: string;
  unfinishedPolicy: HandlerUnfinishedPolicy;
  validator?: Fn;
}

/** What the messages of a run need of the run (its Activator). */
export interface MessagesRun {
  readonly info: WorkflowInfo;
  readonly payloadConverter: PayloadConverter;
  readonly failureConverter: FailureConverter;
  readonly interceptors: { readonly inbound: WorkflowInboundCallsInterceptor[] };
  readonly stackTraces: StackTraces;
  pushCommand(command: Command): void;
  /** What an error escaping a handler means for the run (see Activator.handleWorkflowError). */
  handleWorkflowError(err: unknown): void;
  /** Runs `fn` as a live, read-only call (an update validator). */
  withLiveInfo<T>(fn: () => T): T;
}

/** Names Temporal keeps for itself: a default handler never receives them. */
export const RESERVED_PREFIX = '__temporal_';
export const STACK_TRACE_QUERY = '__stack_trace';
export const ENHANCED_STACK_TRACE_QUERY = '__enhanced_stack_trace';
export const METADATA_QUERY = '__temporal_workflow_metadata';
const isInternal = (name: string) => name.startsWith(RESERVED_PREFIX) || name === STACK_TRACE_QUERY || name === ENHANCED_STACK_TRACE_QUERY;

/** Which update handler the current code runs in (currentUpdateInfo()). */
export const updateScope = new AsyncLocalStorage<UpdateInfo>();

type HandlerKind = 'signal' | 'query' | 'update';
/** What a run that registered no handler of a kind reads: never written (writes go to the run's own map). */
const NO_HANDLERS: ReadonlyMap<string, HandlerEntry> = new Map();

export class Messages {
  // Made on first use, as the running-handler maps below: most runs register few kinds of handler, and a map costs
  // ~170 bytes of every cached run even when empty.
  private readonly handlerMaps: Partial<Record<HandlerKind, Map<string, HandlerEntry>>> = {};
  defaultSignal: DefaultHandler | undefined;
  defaultQuery: DefaultHandler | undefined;
  defaultUpdate: DefaultHandler | undefined;
  /** What the workflow says it is doing (setCurrentDetails), answered by the metadata query. */
  currentDetails = '';
  private bufferedSignals: SignalJob[] = [];
  private bufferedUpdates: UpdateJob[] = [];
  private runningSignals: Map<number, { name: string; policy: HandlerUnfinishedPolicy }> | undefined;
  private runningUpdates: Map<string, { name: string; id: string; policy: HandlerUnfinishedPolicy }> | undefined;
  private signalSeq = 0;

  constructor(private readonly a: MessagesRun) {}

  get signals(): ReadonlyMap<string, HandlerEntry> {
    return this.handlerMaps.signal ?? NO_HANDLERS;
  }

  get queries(): ReadonlyMap<string, HandlerEntry> {
    return this.handlerMaps.query ?? NO_HANDLERS;
  }

  get updates(): ReadonlyMap<string, HandlerEntry> {
    return this.handlerMaps.update ?? NO_HANDLERS;
  }

  /** Registers (or, without an entry, removes) the handler of `kind` named `name`. */
  setHandler(kind: HandlerKind, name: string, entry: HandlerEntry | undefined): void {
    if (entry) (this.handlerMaps[kind] ??= new Map()).set(name, entry);
    else this.handlerMaps[kind]?.delete(name);
  }

  get allFinished(): boolean {
    return !this.runningSignals?.size && !this.runningUpdates?.size;
  }

  private refuseReserved(kind: string, name: string, registered: boolean, hasDefault: boolean): void {
    if (name.startsWith(RESERVED_PREFIX) && !registered && hasDefault) {
      throw new TypeError(`Cannot use ${kind} name: '${name}', with reserved prefix: '${RESERVED_PREFIX}'`);
    }
  }

  // ---- signals ----

  deliverSignal(job: SignalJob): void {
    const entry = this.signals.get(job.signalName);
    this.refuseReserved('signal', job.signalName, !!entry, !!this.defaultSignal);
    if (!entry && !this.defaultSignal) {
      this.bufferedSignals.push(job);
      return;
    }
    const a = this.a;
    const args = arrayFromPayloads(a.payloadConverter, job.args);
    const n = this.signalSeq++;
    const running = (this.runningSignals ??= new Map());
    running.set(n, { name: job.signalName, policy: entry?.unfinishedPolicy ?? HandlerUnfinishedPolicy.WARN_AND_ABANDON });
    const execute = composeInterceptors(isInternal(job.signalName) ? [] : a.interceptors.inbound, 'handleSignal', async (input: SignalInput) => {
      const named = this.signals.get(input.signalName)?.handler;
      if (named) return void (await named(...input.args));
      if (this.defaultSignal) return void (await this.defaultSignal(input.signalName, ...input.args));
      throw new IllegalStateError(`No registered signal handler for signal: ${input.signalName}`);
    });
    execute({ signalName: job.signalName, args, headers: job.headers })
      .catch((err: unknown) => a.handleWorkflowError(err))
      .finally(() => running.delete(n));
  }

  /** Delivers buffered signals that now have a handler, in arrival order. */
  flushSignals(): void {
    while (this.bufferedSignals.length) {
      const i = this.defaultSignal ? 0 : this.bufferedSignals.findIndex((s) => this.signals.has(s.signalName));
      if (i < 0) return;
      this.deliverSignal(this.bufferedSignals.splice(i, 1)[0]!);
    }
  }

  // ---- queries ----

  answerQuery(job: QueryJob): void {
    const a = this.a;
    const respond = (result: unknown) => a.pushCommand({ kind: 'respondToQuery', queryId: job.queryId, result: a.payloadConverter.toPayload(result) });
    const fail = (err: unknown) =>
      a.pushCommand({ kind: 'respondToQuery', queryId: job.queryId, failure: a.failureConverter.errorToFailure(err, a.payloadConverter) });
    try {
      this.refuseReserved('query', job.queryType, this.queries.has(job.queryType) || this.builtInQuery(job.queryType) !== undefined, !!this.defaultQuery);
      const execute = composeInterceptors(isInternal(job.queryType) ? [] : a.interceptors.inbound, 'handleQuery', (input: QueryInput) => {
        const builtIn = this.builtInQuery(input.queryName);
        const named = this.queries.get(input.queryName)?.handler;
        const fn = builtIn ?? named ?? (this.defaultQuery ? (...args: unknown[]) => this.defaultQuery!(input.queryName, ...args) : undefined);
        if (!fn) {
          const known = [...this.queries.keys()].join(' ');
          return Promise.reject(new ReferenceError(`Workflow did not register a handler for ${input.queryName}. Registered queries: [${known}]`));
        }
        try {
          const result = fn(...input.args);
          if (result instanceof Promise) return Promise.reject(new TypeError(`Query handler ${input.queryName} returned a Promise; queries must be synchronous`));
          return Promise.resolve(result);
        } catch (err) {
          return Promise.reject(err);
        }
      });
      // Settles within this activation: the host drains microtasks before concluding.
      execute({ queryId: job.queryId, queryName: job.queryType, args: arrayFromPayloads(a.payloadConverter, job.args), headers: job.headers }).then(respond, fail);
    } catch (err) {
      fail(err);
    }
  }

  private builtInQuery(name: string): Fn | undefined {
    if (this.queries.has(name)) return undefined;
    // Built-in answers use the default converter, whatever converter the worker was given (as the official SDK).
    if (name === METADATA_QUERY) return () => new RawValue(this.metadata());
    if (name === STACK_TRACE_QUERY) return () => this.a.stackTraces.formatted();
    if (name === ENHANCED_STACK_TRACE_QUERY) return () => new RawValue(this.a.stackTraces.enhanced());
    return undefined;
  }

  /** The workflow's definition (its handlers, with descriptions) and current details, as temporal.api.sdk.v1.WorkflowMetadata. */
  metadata(): Record<string, unknown> {
    const describe = (handlers: ReadonlyMap<string, HandlerEntry>) => [...handlers].map(([name, e]) => ({ name, ...(e.description ? { description: e.description } : {}) }));
    return {
      definition: {
        type: this.a.info.workflowType,
        queryDefinitions: describe(this.queries),
        signalDefinitions: describe(this.signals),
        updateDefinitions: describe(this.updates),
      },
      currentDetails: this.currentDetails,
    };
  }

  // ---- updates ----

  runUpdate(job: UpdateJob): void {
    const a = this.a;
    const named = this.updates.get(job.name);
    this.refuseReserved('update', job.name, !!named, !!this.defaultUpdate);
    const entry: HandlerEntry | undefined =
      named ??
      (this.defaultUpdate
        ? { handler: (...args: unknown[]) => this.defaultUpdate!(job.name, ...args), unfinishedPolicy: HandlerUnfinishedPolicy.WARN_AND_ABANDON }
        : undefined);
    if (!entry) {
      // Not rejected yet: a handler may be set later in this activation.
      this.bufferedUpdates.push(job);
      return;
    }
    const reply = (r: Omit<Extract<Command, { kind: 'updateResponse' }>, 'kind' | 'protocolInstanceId'>) =>
      a.pushCommand({ kind: 'updateResponse', protocolInstanceId: job.protocolInstanceId, ...r });
    const toFailure = (err: unknown) => a.failureConverter.errorToFailure(err, a.payloadConverter);
    const interceptors = isInternal(job.name) ? [] : a.interceptors.inbound;
    const input = (): UpdateInput => ({ updateId: job.id, name: job.name, args: arrayFromPayloads(a.payloadConverter, job.args), headers: job.headers });
    const run = () => {
      let handlerInput: UpdateInput;
      try {
        if (job.runValidator && entry.validator) {
          const validator = entry.validator;
          // Validators are live read-only calls: what they log is not a replay.
          a.withLiveInfo(() => composeInterceptors(interceptors, 'validateUpdate', (i: UpdateInput) => void validator(...i.args))(input()));
        }
        // The handler gets its own decoding of the arguments: what the validator did to its copy stays there.
        handlerInput = input();
      } catch (err) {
        reply({ rejected: toFailure(err) });
        return;
      }
      reply({ accepted: true });
      const running = (this.runningUpdates ??= new Map());
      running.set(job.id, { name: job.name, id: job.id, policy: entry.unfinishedPolicy });
      composeInterceptors(interceptors, 'handleUpdate', async (i: UpdateInput) => entry.handler(...i.args))(handlerInput)
        .then(
          (result) => reply({ completed: a.payloadConverter.toPayload(result) }),
          (err: unknown) => {
            if (err instanceof TemporalFailure) reply({ failed: toFailure(err) });
            else a.handleWorkflowError(err);
          },
        )
        .finally(() => running.delete(job.id));
    };
    updateScope.run({ id: job.id, name: job.name }, run);
  }

  /** Runs buffered updates that now have a handler, in arrival order. */
  flushUpdates(): void {
    while (this.bufferedUpdates.length) {
      const i = this.defaultUpdate ? 0 : this.bufferedUpdates.findIndex((u) => this.updates.has(u.name));
      if (i < 0) return;
      this.runUpdate(this.bufferedUpdates.splice(i, 1)[0]!);
    }
  }

  /** At the end of an activation: updates still without a handler are rejected. */
  rejectBufferedUpdates(): void {
    for (const job of this.bufferedUpdates.splice(0)) {
      this.a.pushCommand({
        kind: 'updateResponse',
        protocolInstanceId: job.protocolInstanceId,
        rejected: this.a.failureConverter.errorToFailure(ApplicationFailure.nonRetryable(`No registered handler for update: ${job.name}`), this.a.payloadConverter),
      });
    }
  }

  /** Once the workflow completed: one warning per kind of handler still running (unless its policy is ABANDON). */
  warnUnfinished(warn: (message: string) => void): void {
    const updates = [...(this.runningUpdates?.values() ?? [])].filter((u) => u.policy === HandlerUnfinishedPolicy.WARN_AND_ABANDON);
    if (updates.length) {
      warn(
        `[TMPRL1102] Workflow finished while an update handler was still running: the client that sent the update will get a 'workflow execution already completed' error instead of its result. Wait for handlers with \`await condition(allHandlersFinished)\`, or set the handler with \`{ unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON }\` to silence this. Unfinished updates: ${JSON.stringify(updates.map(({ name, id }) => ({ name, id })))}`,
      );
    }
    const signals = new Map<string, number>();
    for (const s of this.runningSignals?.values() ?? []) if (s.policy === HandlerUnfinishedPolicy.WARN_AND_ABANDON) signals.set(s.name, (signals.get(s.name) ?? 0) + 1);
    if (signals.size) {
      warn(
        `[TMPRL1102] Workflow finished while a signal handler was still running, which may have cut its work short. Wait for handlers with \`await condition(allHandlersFinished)\`, or set the handler with \`{ unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON }\` to silence this. Unfinished signals: ${JSON.stringify([...signals].map(([name, count]) => ({ name, count })))}`,
      );
    }
  }
}
