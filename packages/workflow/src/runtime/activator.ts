// One workflow run's state inside the sandbox: it applies activation jobs, keeps the promises that wait on them,
// and collects the commands that workflow API calls emit.
import {
  ActivityFailure,
  CancelledFailure,
  RetryState,
  TemporalFailure,
  decodeSearchAttributes,
  decodeTypedSearchAttributes,
  defaultFailureConverter,
  defaultPayloadConverter,
  mapFromPayloads,
  arrayFromPayloads,
  type FailureConverter,
  type PayloadConverter,
} from '@durable/common';
import { alea } from './alea.js';
import { createRootScope, CancellationScope, isCancellation } from './scope.js';
import type { Activation, ActivationCompletion, Command, InitializeWorkflow, Job, Resolution, ScheduleActivity, ScheduleLocalActivity } from './protocol.js';
import { ContinueAsNew } from './continue-as-new-error.js';
import type { WorkflowInfo } from './info.js';
import {
  compose,
  type QueryInput,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from './interceptors.js';

type Pending = { resolve(value: unknown): void; reject(err: unknown): void };
type Handler = (...args: unknown[]) => unknown;
type SeqKind = 'timer' | 'activity' | 'child' | 'signalExternal' | 'cancelExternal';
export type Workflows = Record<string, unknown>;

const TERMINAL = new Set<Command['kind']>(['completeWorkflow', 'failWorkflow', 'cancelWorkflow', 'continueAsNew']);

export interface LogSink {
  (level: string, message: string, attrs: Record<string, unknown>): void;
}

export class Activator {
  readonly rootScope: CancellationScope;
  info!: WorkflowInfo;
  now = 0;
  isReplaying = false;
  completed = false;
  /** Set by a cancelWorkflow job: a CancelledFailure thrown by the workflow then cancels (not fails) the run. */
  cancelRequested = false;
  random: () => number = () => {
    throw new Error('Math.random used before the workflow was initialized');
  };
  readonly payloadConverter: PayloadConverter;
  readonly failureConverter: FailureConverter;
  readonly signalHandlers = new Map<string, Handler>();
  defaultSignalHandler: ((name: string, ...args: unknown[]) => unknown) | undefined;
  readonly queryHandlers = new Map<string, Handler>();
  readonly updateHandlers = new Map<string, { handler: Handler; validator?: Handler }>();
  readonly pending = {
    timer: new Map<number, Pending>(),
    activity: new Map<number, Pending & { command: ScheduleActivity | ScheduleLocalActivity }>(),
    childStart: new Map<number, Pending>(),
    childResult: new Map<number, Pending>(),
    signalExternal: new Map<number, Pending>(),
    cancelExternal: new Map<number, Pending>(),
  };
  inFlightHandlers = 0;
  readonly interceptors: { inbound: WorkflowInboundCallsInterceptor[]; outbound: WorkflowOutboundCallsInterceptor[] } = { inbound: [], outbound: [] };
  private commands: Command[] = [];
  private readonly seqs: Record<SeqKind, number> = { timer: 0, activity: 0, child: 0, signalExternal: 0, cancelExternal: 0 };
  private readonly conditions = new Map<number, { fn: () => boolean; resolve: () => void }>();
  private conditionSeq = 0;
  private bufferedSignals: Extract<Job, { kind: 'signalWorkflow' }>[] = [];
  private readonly knownPatches = new Set<string>();
  private readonly sentPatches = new Set<string>();
  private taskFailure: unknown;
  private hasTaskFailure = false;

  constructor(
    private readonly workflows: Workflows,
    readonly log: LogSink,
    private readonly interceptorFactories: WorkflowInterceptorsFactory[] = [],
    converters?: { payloadConverter?: PayloadConverter; failureConverter?: FailureConverter },
  ) {
    this.payloadConverter = converters?.payloadConverter ?? defaultPayloadConverter;
    this.failureConverter = converters?.failureConverter ?? defaultFailureConverter;
    this.rootScope = createRootScope();
  }

  nextSeq(kind: SeqKind): number {
    return ++this.seqs[kind];
  }

  pushCommand(command: Command): void {
    this.commands.push(command);
  }

  /** Takes back a command emitted in this activation (not yet sent); false when it was already sent. */
  removeUnsent(match: (c: Command) => boolean): boolean {
    const i = this.commands.findIndex(match);
    if (i < 0) return false;
    this.commands.splice(i, 1);
    return true;
  }

  /** Fails the workflow task (not the workflow): a bug or a non-determinism to fix and redeploy. */
  failTask(err: unknown): void {
    if (!this.hasTaskFailure) {
      this.hasTaskFailure = true;
      this.taskFailure = err;
    }
  }

  // ---- activation ----

  activate(activation: Activation): void {
    this.now = activation.timestampMs;
    this.isReplaying = activation.isReplaying;
    if (this.info) {
      this.info = {
        ...this.info,
        historyLength: activation.historyLength,
        historySize: activation.historySizeBytes,
        continueAsNewSuggested: activation.continueAsNewSuggested,
        unsafe: { ...this.info.unsafe, isReplaying: activation.isReplaying },
      };
    }
    const jobs = [...activation.jobs];
    const init = jobs[0]?.kind === 'initializeWorkflow' ? (jobs.shift() as InitializeWorkflow) : undefined;
    if (init) this.initialize(init, activation);
    for (const job of jobs) {
      this.applyJob(job);
      if (job.kind !== 'queryWorkflow') this.tryUnblockConditions();
    }
    if (init) {
      this.startWorkflow(init);
      this.tryUnblockConditions();
    }
  }

  private initialize(init: InitializeWorkflow, activation: Activation): void {
    this.random = alea(init.randomnessSeed);
    this.initializeInfo(init, activation);
    // Factories may read workflowInfo(), so they run once the run knows who it is.
    for (const factory of this.interceptorFactories) {
      const made = factory();
      this.interceptors.inbound.push(...(made.inbound ?? []));
      this.interceptors.outbound.push(...(made.outbound ?? []));
    }
  }

  private initializeInfo(init: InitializeWorkflow, activation: Activation): void {
    const memo = init.memo ? mapFromPayloads(this.payloadConverter, init.memo) : undefined;
    this.info = {
      workflowId: init.workflowId,
      runId: init.runId,
      workflowType: init.workflowType,
      namespace: init.namespace,
      taskQueue: init.taskQueue,
      searchAttributes: decodeSearchAttributes(init.searchAttributes),
      typedSearchAttributes: decodeTypedSearchAttributes(init.searchAttributes),
      memo,
      parent: init.parent,
      root: init.root,
      lastResult: init.lastCompletionResult?.length ? this.payloadConverter.fromPayload(init.lastCompletionResult[0]!) : undefined,
      lastFailure: init.continuedFailure ? this.failureConverter.failureToError(init.continuedFailure, this.payloadConverter) : undefined,
      historyLength: activation.historyLength,
      historySize: activation.historySizeBytes,
      continueAsNewSuggested: activation.continueAsNewSuggested,
      firstExecutionRunId: init.firstExecutionRunId,
      originalExecutionRunId: init.originalExecutionRunId,
      continuedFromExecutionRunId: init.continuedFromExecutionRunId,
      startTime: new Date(init.startTimeMs),
      runStartTime: new Date(init.runStartTimeMs),
      executionTimeoutMs: init.executionTimeoutMs,
      executionExpirationTime: init.executionExpirationTimeMs ? new Date(init.executionExpirationTimeMs) : undefined,
      runTimeoutMs: init.runTimeoutMs,
      taskTimeoutMs: init.taskTimeoutMs,
      retryPolicy: init.retryPolicy ?? undefined,
      attempt: init.attempt,
      cronSchedule: init.cronSchedule,
      unsafe: { isReplaying: activation.isReplaying, now: () => Date.now() },
    };
  }

  private startWorkflow(init: InitializeWorkflow): void {
    const fn = this.workflows[init.workflowType];
    if (typeof fn !== 'function') {
      const known = Object.keys(this.workflows).filter((k) => typeof this.workflows[k] === 'function');
      this.failTask(new TypeError(`Workflow type ${init.workflowType} is not exported by the workflow bundle (exported: ${known.join(', ') || 'none'})`));
      return;
    }
    let args: unknown[];
    try {
      args = arrayFromPayloads(this.payloadConverter, init.args);
    } catch (err) {
      this.failTask(err);
      return;
    }
    const execute = compose<WorkflowExecuteInput, Promise<unknown>>(this.interceptors.inbound, 'execute', (input) =>
      (fn as (...a: unknown[]) => Promise<unknown>)(...input.args),
    );
    this.rootScope
      .run(() => execute({ args, headers: init.headers }))
      .then(
        (result) => this.completeWorkflow(result),
        (err: unknown) => this.handleWorkflowError(err),
      );
  }

  private completeWorkflow(result: unknown): void {
    if (this.completed) return;
    try {
      this.pushCommand({ kind: 'completeWorkflow', result: this.payloadConverter.toPayload(result) });
      this.completed = true;
    } catch (err) {
      this.failTask(err);
    }
  }

  /** What an error escaping workflow code means: continue-as-new, cancellation, failure, or a task failure (bug). */
  handleWorkflowError(err: unknown): void {
    if (this.completed) return;
    if (err instanceof ContinueAsNew) {
      this.pushCommand(err.command);
      this.completed = true;
    } else if (this.cancelRequested && isCancellation(err)) {
      this.pushCommand({ kind: 'cancelWorkflow' });
      this.completed = true;
    } else if (err instanceof TemporalFailure) {
      this.pushCommand({ kind: 'failWorkflow', failure: this.failureConverter.errorToFailure(err, this.payloadConverter) });
      this.completed = true;
    } else {
      this.failTask(err);
    }
  }

  private applyJob(job: Job): void {
    switch (job.kind) {
      case 'fireTimer':
        return this.settle(this.pending.timer, job.seq, { completed: undefined }, true);
      case 'resolveActivity':
        return this.settle(this.pending.activity, job.seq, job.result);
      case 'resolveChildStart':
        return this.settleStart(job.seq, job.runId);
      case 'resolveChildStartFailed':
        return this.failChildStart(job);
      case 'resolveChild':
        return this.settle(this.pending.childResult, job.seq, job.result);
      case 'resolveSignalExternal':
        return this.settle(this.pending.signalExternal, job.seq, job.failure ? { failed: job.failure } : { completed: undefined }, true);
      case 'resolveRequestCancelExternal':
        return this.settle(this.pending.cancelExternal, job.seq, job.failure ? { failed: job.failure } : { completed: undefined }, true);
      case 'signalWorkflow':
        return this.deliverSignal(job);
      case 'queryWorkflow':
        return this.answerQuery(job);
      case 'cancelWorkflow':
        this.cancelRequested = true;
        this.rootScope.cancel();
        return;
      case 'notifyHasPatch':
        this.knownPatches.add(job.patchId);
        return;
      case 'updateRandomSeed':
        this.random = alea(job.randomnessSeed);
        return;
      case 'doUpdate':
        return this.runUpdate(job);
      case 'initializeWorkflow':
        this.failTask(new TypeError('initializeWorkflow must be the first job of the first activation'));
        return;
    }
  }

  private settle(map: Map<number, Pending>, seq: number, result: Resolution, raw = false): void {
    const p = map.get(seq);
    // Work abandoned by a cancellation may still be resolved by the server later: nothing waits for it.
    if (!p) return;
    map.delete(seq);
    if ('completed' in result) {
      if (raw) return p.resolve(undefined);
      try {
        p.resolve(result.completed ? this.payloadConverter.fromPayload(result.completed) : undefined);
      } catch (err) {
        p.reject(err);
      }
    } else {
      const failure = 'failed' in result ? result.failed : result.cancelled;
      p.reject(this.failureConverter.failureToError(failure, this.payloadConverter));
    }
  }

  private settleStart(seq: number, runId: string): void {
    const p = this.pending.childStart.get(seq);
    if (!p) return;
    this.pending.childStart.delete(seq);
    p.resolve(runId);
  }

  private failChildStart(job: Extract<Job, { kind: 'resolveChildStartFailed' }>): void {
    const start = this.pending.childStart.get(job.seq);
    this.pending.childStart.delete(job.seq);
    this.pending.childResult.delete(job.seq);
    start?.reject(new (this.childErrors.alreadyStarted)('Workflow execution already started', job.workflowId, job.workflowType));
  }

  /** Set by the child-workflow module; kept here so the activator does not import it. */
  childErrors: { alreadyStarted: new (message: string, workflowId: string, workflowType: string) => Error } = {
    alreadyStarted: class extends Error {},
  };

  // ---- signals, queries, updates ----

  private deliverSignal(job: Extract<Job, { kind: 'signalWorkflow' }>): void {
    const handler = this.signalHandlers.get(job.signalName);
    if (!handler && !this.defaultSignalHandler) {
      this.bufferedSignals.push(job);
      return;
    }
    let args: unknown[];
    try {
      args = arrayFromPayloads(this.payloadConverter, job.args);
    } catch (err) {
      this.failTask(err);
      return;
    }
    const handle = compose<SignalInput, Promise<void>>(this.interceptors.inbound, 'handleSignal', async (input) => {
      await (handler ? handler(...input.args) : this.defaultSignalHandler!(input.signalName, ...input.args));
    });
    this.invokeHandler(() => handle({ signalName: job.signalName, args, headers: job.headers }));
  }

  /** Delivers signals that arrived before their handler was set, in arrival order. */
  flushBufferedSignals(): void {
    const waiting = this.bufferedSignals;
    this.bufferedSignals = [];
    for (const job of waiting) this.deliverSignal(job);
  }

  /** Runs a handler; an async one counts as in flight until it settles. Its errors are the workflow's errors. */
  invokeHandler(fn: () => unknown): void {
    let result: unknown;
    try {
      result = fn();
    } catch (err) {
      this.handleWorkflowError(err);
      return;
    }
    if (result instanceof Promise) {
      this.inFlightHandlers++;
      result.then(
        () => this.inFlightHandlers--,
        (err: unknown) => {
          this.inFlightHandlers--;
          this.handleWorkflowError(err);
        },
      );
    }
  }

  private answerQuery(job: Extract<Job, { kind: 'queryWorkflow' }>): void {
    const respond = (result: unknown) =>
      this.pushCommand({ kind: 'respondToQuery', queryId: job.queryId, result: this.payloadConverter.toPayload(result) });
    const fail = (err: unknown) =>
      this.pushCommand({ kind: 'respondToQuery', queryId: job.queryId, failure: this.failureConverter.errorToFailure(err, this.payloadConverter) });
    try {
      if (job.queryType === '__stack_trace') return respond('');
      if (job.queryType === '__temporal_workflow_metadata') {
        return respond({
          definition: {
            type: this.info.workflowType,
            queryDefinitions: [...this.queryHandlers.keys()].map((name) => ({ name })),
            signalDefinitions: [...this.signalHandlers.keys()].map((name) => ({ name })),
            updateDefinitions: [...this.updateHandlers.keys()].map((name) => ({ name })),
          },
        });
      }
      const args = arrayFromPayloads(this.payloadConverter, job.args);
      const handle = compose<QueryInput, Promise<unknown>>(this.interceptors.inbound, 'handleQuery', async (input) => {
        const handler = this.queryHandlers.get(input.queryName);
        if (!handler) {
          const known = [...this.queryHandlers.keys()].join(', ');
          throw new ReferenceError(`Workflow did not register a handler for ${input.queryName}. Registered queries: [${known}]`);
        }
        const result = handler(...input.args);
        if (result instanceof Promise) throw new TypeError(`Query handler ${input.queryName} returned a promise; queries must be synchronous`);
        return result;
      });
      // Settles within this activation: the host drains microtasks before concluding.
      handle({ queryId: job.queryId, queryName: job.queryType, args, headers: job.headers }).then(respond, fail);
    } catch (err) {
      fail(err);
    }
  }

  private runUpdate(job: Extract<Job, { kind: 'doUpdate' }>): void {
    const entry = this.updateHandlers.get(job.name);
    const reply = (r: Omit<Extract<Command, { kind: 'updateResponse' }>, 'kind' | 'protocolInstanceId'>) =>
      this.pushCommand({ kind: 'updateResponse', protocolInstanceId: job.protocolInstanceId, ...r });
    const toFailure = (err: unknown) => this.failureConverter.errorToFailure(err, this.payloadConverter);
    let args: unknown[];
    try {
      if (!entry) {
        const known = [...this.updateHandlers.keys()].join(', ');
        throw new ReferenceError(`Workflow did not register a handler for update ${job.name}. Registered updates: [${known}]`);
      }
      args = arrayFromPayloads(this.payloadConverter, job.args);
      const input: UpdateInput = { updateId: job.id, name: job.name, args, headers: job.headers };
      const validator = entry.validator;
      if (job.runValidator && validator) {
        compose<UpdateInput, void>(this.interceptors.inbound, 'validateUpdate', (i) => {
          validator(...i.args);
        })(input);
      }
    } catch (err) {
      reply({ rejected: toFailure(err) });
      return;
    }
    reply({ accepted: true });
    this.inFlightHandlers++;
    const handle = compose<UpdateInput, Promise<unknown>>(this.interceptors.inbound, 'handleUpdate', async (i) => entry.handler(...i.args));
    Promise.resolve()
      .then(() => handle({ updateId: job.id, name: job.name, args, headers: job.headers }))
      .then(
        (result) => reply({ completed: this.payloadConverter.toPayload(result) }),
        (err: unknown) => {
          if (err instanceof TemporalFailure) reply({ failed: toFailure(err) });
          else this.failTask(err);
        },
      )
      .finally(() => this.inFlightHandlers--);
  }

  // ---- timers, conditions, activities ----

  sleep(ms: number, seq = this.nextSeq('timer')): Promise<void> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return scope.cancelRequested;
    return new Promise<void>((resolve, reject) => {
      if (scope.cancellable) {
        scope.cancelRequested.catch((err: unknown) => {
          if (!this.pending.timer.delete(seq)) return;
          if (!this.removeUnsent((c) => c.kind === 'startTimer' && c.seq === seq)) this.pushCommand({ kind: 'cancelTimer', seq });
          reject(err);
        });
      }
      // A zero-length timer is refused by the server; one millisecond keeps the ordering the caller asked for.
      this.pushCommand({ kind: 'startTimer', seq, durationMs: Math.max(1, Math.ceil(ms)) });
      this.pending.timer.set(seq, { resolve: () => resolve(), reject });
    });
  }

  condition(fn: () => boolean): Promise<void> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return scope.cancelRequested;
    const id = ++this.conditionSeq;
    return new Promise<void>((resolve, reject) => {
      if (scope.cancellable) {
        scope.cancelRequested.catch((err: unknown) => {
          if (this.conditions.delete(id)) reject(err);
        });
      }
      this.conditions.set(id, { fn, resolve });
    });
  }

  hasConditions(): boolean {
    return this.conditions.size > 0;
  }

  /** Resolves every condition whose predicate now holds; the count tells the host whether to drain again. */
  tryUnblockConditions(): number {
    let unblocked = 0;
    for (const [id, c] of this.conditions) {
      let ok: boolean;
      try {
        ok = c.fn();
      } catch (err) {
        this.conditions.delete(id);
        this.handleWorkflowError(err);
        continue;
      }
      if (ok) {
        this.conditions.delete(id);
        c.resolve();
        unblocked++;
      }
    }
    return unblocked;
  }

  scheduleActivity(command: Omit<ScheduleActivity, 'activityId'> & { activityId?: string }): Promise<unknown> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return scope.cancelRequested;
    const seq = command.seq;
    const full: ScheduleActivity = { ...command, seq, activityId: command.activityId ?? String(seq) };
    return new Promise((resolve, reject) => {
      if (scope.cancellable) {
        scope.cancelRequested.catch(() => {
          const p = this.pending.activity.get(seq);
          if (!p) return;
          const cancelled = () => new ActivityFailure('Activity cancelled', full.activityType, full.activityId, RetryState.CANCEL_REQUESTED, undefined, new CancelledFailure('Activity cancelled'));
          if (this.removeUnsent((c) => c.kind === 'scheduleActivity' && c.seq === seq)) {
            this.pending.activity.delete(seq);
            reject(cancelled());
            return;
          }
          if (full.cancellationType !== 'ABANDON') this.pushCommand({ kind: 'requestCancelActivity', seq });
          if (full.cancellationType !== 'WAIT_CANCELLATION_COMPLETED') {
            this.pending.activity.delete(seq);
            reject(cancelled());
          }
        });
      }
      this.pushCommand(full);
      this.pending.activity.set(seq, { resolve, reject, command: full });
    });
  }

  scheduleLocalActivity(command: Omit<ScheduleLocalActivity, 'activityId' | 'originalScheduleTimeMs'> & { activityId?: string }): Promise<unknown> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return scope.cancelRequested;
    const seq = command.seq;
    const full: ScheduleLocalActivity = { ...command, seq, activityId: command.activityId ?? String(seq), originalScheduleTimeMs: this.now };
    return new Promise((resolve, reject) => {
      if (scope.cancellable) {
        scope.cancelRequested.catch((err: unknown) => {
          if (!this.pending.activity.has(seq)) return;
          this.pending.activity.delete(seq);
          this.removeUnsent((c) => c.kind === 'scheduleLocalActivity' && c.seq === seq);
          reject(err);
        });
      }
      this.pushCommand(full);
      this.pending.activity.set(seq, { resolve, reject, command: full });
    });
  }

  // ---- patches ----

  patch(patchId: string, deprecated: boolean): boolean {
    // Live code takes the new branch; a replay takes it only if the history recorded the patch at this point.
    const used = !this.isReplaying || this.knownPatches.has(patchId);
    if (used && !this.sentPatches.has(patchId)) {
      this.sentPatches.add(patchId);
      this.pushCommand({ kind: 'setPatchMarker', patchId, deprecated });
    }
    return used;
  }

  // ---- conclusion ----

  conclude(): ActivationCompletion {
    const commands = this.commands;
    this.commands = [];
    if (this.hasTaskFailure) {
      const err = this.taskFailure;
      this.hasTaskFailure = false;
      this.taskFailure = undefined;
      return { commands: [], taskFailure: this.failureConverter.errorToFailure(err, this.payloadConverter) };
    }
    // The terminal command goes last, whatever handlers emitted after it (what Temporal's core flag 3 promises).
    const terminal = commands.filter((c) => TERMINAL.has(c.kind));
    return { commands: [...commands.filter((c) => !TERMINAL.has(c.kind)), ...terminal.slice(0, 1)] };
  }
}
