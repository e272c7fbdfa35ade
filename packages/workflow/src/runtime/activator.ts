// One workflow run's state inside the sandbox: it applies activation jobs, keeps the promises that wait on them,
// and collects the commands that workflow API calls emit and the sink calls meant for the worker.
import {
  ActivityFailure,
  CancelledFailure,
  RetryState,
  TemporalFailure,
  WorkflowExecutionAlreadyStartedError,
  arrayFromPayloads,
  composeInterceptors,
  defaultFailureConverter,
  defaultPayloadConverter,
  isWorkflowFunctionWithOptions,
  type FailureConverter,
  type PayloadConverter,
  type WorkflowDefinitionOptions,
} from '@durable/common';
import { alea } from './alea.js';
import { AsyncLocalStorage } from './async-local-storage.js';
import { copyForHost } from './host-copy.js';
import { eventGroupsInScope } from './event-groups.js';
import type { UnsafeRandomSource, WorkflowInfo } from './info.js';
import { infoForActivation, infoFromInit } from './info-from-activation.js';
import { workflowLog } from './logging.js';
import { toUserMetadata } from './user-metadata.js';
import { Messages } from './messages.js';
import { fillWithRandom, streamSeed, uuid4FromRandom } from './random.js';
import { createRootScope, CancellationScope, isCancellation } from './scope.js';
import { StackTraces, captureStack, type PendingStack, type StackEntry } from './stack-traces.js';
import type { Activation, ActivationCompletion, Command, InitializeWorkflow, Job, Resolution, ScheduleActivity, ScheduleLocalActivity, SinkCall } from './protocol.js';
import { ContinueAsNew } from './continue-as-new-error.js';
import type { WorkflowInboundCallsInterceptor, WorkflowInterceptorsFactory, WorkflowOutboundCallsInterceptor } from './interceptors.js';

/** Work the run waits on; `stack` is where workflow code started it (for the stack trace queries). */
type Pending = { resolve(value: unknown): void; reject(err: unknown): void; stack?: PendingStack };
type SeqKind = 'timer' | 'activity' | 'child' | 'signalExternal' | 'cancelExternal';
export type Workflows = Record<string, unknown>;

const TERMINAL = new Set<Command['kind']>(['completeWorkflow', 'failWorkflow', 'cancelWorkflow', 'continueAsNew']);

/** How a run is set up by the worker. */
export interface RunOptions {
  interceptors?: WorkflowInterceptorsFactory[];
  /** `iface.fn` of the sinks that are also called for calls made while replaying; other calls are dropped then. */
  replaySinks?: ReadonlySet<string>;
  /** Error class names that fail the workflow (rather than its task) when thrown by workflow code. */
  failureErrorTypeNames?: readonly string[];
  /**
   * Whether replayed activations record where pending work was started, as live ones do: each record costs V8 a
   * stack walk, so a replay made for a workflow task goes without; one made for a stack trace query, or to name
   * the source line of a non-deterministic command, takes them.
   */
  stacksWhileReplaying?: boolean;
  payloadConverter?: PayloadConverter;
  failureConverter?: FailureConverter;
}

/**
 * A run's pending work by kind and sequence number. Each map is made when first used: an empty Map costs ~180 bytes,
 * and a cached run that waits (on a signal, a timer) uses one or two of the six.
 */
export class PendingWork {
  private timers: PendingMaps['timer'] | undefined;
  private activities: PendingMaps['activity'] | undefined;
  private childStarts: PendingMaps['childStart'] | undefined;
  private childResults: PendingMaps['childResult'] | undefined;
  private signalExternals: PendingMaps['signalExternal'] | undefined;
  private cancelExternals: PendingMaps['cancelExternal'] | undefined;

  get timer(): PendingMaps['timer'] {
    return (this.timers ??= new Map());
  }
  get activity(): PendingMaps['activity'] {
    return (this.activities ??= new Map());
  }
  get childStart(): PendingMaps['childStart'] {
    return (this.childStarts ??= new Map());
  }
  get childResult(): PendingMaps['childResult'] {
    return (this.childResults ??= new Map());
  }
  get signalExternal(): PendingMaps['signalExternal'] {
    return (this.signalExternals ??= new Map());
  }
  get cancelExternal(): PendingMaps['cancelExternal'] {
    return (this.cancelExternals ??= new Map());
  }

  /** The maps made so far, always in this order of kinds (the stack trace queries list stacks in it). */
  all(): Map<number, Pending>[] {
    return [this.timers, this.activities, this.childStarts, this.childResults, this.signalExternals, this.cancelExternals].filter((m) => m !== undefined);
  }
}

interface PendingMaps {
  timer: Map<number, Pending>;
  activity: Map<number, Pending & { command: ScheduleActivity | ScheduleLocalActivity }>;
  childStart: Map<number, Pending>;
  childResult: Map<number, Pending>;
  signalExternal: Map<number, Pending>;
  cancelExternal: Map<number, Pending>;
}

/** A random source that `Math.random()` and uuid4() draw from while it is current (WorkflowRandomStream.with). */
export interface RandomSource {
  random(): number;
}

export class Activator {
  readonly rootScope: CancellationScope;
  info!: WorkflowInfo;
  now = 0;
  isReplaying = false;
  completed = false;
  /** Set by a cancelWorkflow job: a CancelledFailure thrown by the workflow then cancels (not fails) the run. */
  cancelRequested = false;
  readonly payloadConverter: PayloadConverter;
  readonly failureConverter: FailureConverter;
  readonly messages: Messages;
  readonly stackTraces = new StackTraces(() => this.pendingStacks());
  /** Triggers not yet settled (they are pending promises of workflow code too). */
  get openTriggers(): Set<PendingStack> {
    return (this.triggers ??= new Set());
  }
  // This and the other collections a run may never use are made on first use: an empty Set or Map costs ~150-180
  // bytes, held by every cached run.
  private triggers: Set<PendingStack> | undefined;
  readonly pending = new PendingWork();
  readonly interceptors: { inbound: WorkflowInboundCallsInterceptor[]; outbound: WorkflowOutboundCallsInterceptor[] } = { inbound: [], outbound: [] };
  private commands: Command[] = [];
  private sinkCalls: SinkCall[] = [];
  private readonly seqs: Record<SeqKind, number> = { timer: 0, activity: 0, child: 0, signalExternal: 0, cancelExternal: 0 };
  private readonly conditions = new Map<number, { fn: () => boolean; resolve: () => void; stack?: PendingStack }>();
  private conditionSeq = 0;
  private knownPatches: Set<string> | undefined;
  private sentPatches: Set<string> | undefined;
  private taskFailure: unknown;
  private hasTaskFailure = false;
  private randomnessSeed: number[] = [];
  private mainRandom: () => number = () => {
    throw new Error('Math.random used before the workflow was initialized');
  };
  private namedRandoms: Map<string, () => number> | undefined;
  private readonly randomScope = new AsyncLocalStorage<RandomSource>();
  private definition: WorkflowDefinitionOptions | undefined;
  private infoForHost: { source: WorkflowInfo; copy: unknown } | undefined;

  constructor(
    private readonly workflows: Workflows,
    private readonly options: RunOptions = {},
    /** Wall-clock random numbers and time, outside replay (workflowInfo().unsafe). */
    private readonly unsafe: { random: UnsafeRandomSource; now: () => number },
  ) {
    this.payloadConverter = options.payloadConverter ?? defaultPayloadConverter;
    this.failureConverter = options.failureConverter ?? defaultFailureConverter;
    this.rootScope = createRootScope();
    this.messages = new Messages(this);
  }

  /** Where the code calling `entry` is, for work it starts (see RunOptions.stacksWhileReplaying). */
  stackOf(entry: StackEntry = Activator.prototype.stackOf): PendingStack | undefined {
    return this.isReplaying && !this.options.stacksWhileReplaying ? undefined : captureStack(entry);
  }

  nextSeq(kind: SeqKind): number {
    return ++this.seqs[kind];
  }

  pushCommand(command: Command, origin?: PendingStack): void {
    const groups = eventGroupsInScope();
    const c = groups ? { ...command, eventGroups: groups } : command;
    // Where workflow code made the command: named when history disagrees with it (not encoded: not enumerable).
    if (origin) Object.defineProperty(c, 'origin', { value: origin, enumerable: false });
    this.commands.push(c);
  }

  /** Where the run's pending work was started. */
  private *pendingStacks(): Iterable<PendingStack> {
    for (const map of this.pending.all()) for (const p of map.values()) if (p.stack) yield p.stack;
    for (const c of this.conditions.values()) if (c.stack) yield c.stack;
    if (this.triggers) yield* this.triggers;
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

  // ---- randomness ----

  /** What Math.random() answers: the stream made current by WorkflowRandomStream.with(), else the run's own. */
  currentRandom(): number {
    return (this.randomScope.getStore() ?? this.mainStream).random();
  }

  readonly mainStream: RandomSource = { random: () => this.mainRandom() };

  namedRandom(name: string): () => number {
    let r = this.namedRandoms?.get(name);
    if (!r) {
      r = alea(streamSeed(this.randomnessSeed, name));
      (this.namedRandoms ??= new Map()).set(name, r);
    }
    return r;
  }

  withRandom<T>(source: RandomSource, fn: () => T): T {
    return this.randomScope.run(source, fn);
  }

  private seed(bytes: number[]): void {
    this.randomnessSeed = [...bytes];
    this.mainRandom = alea(this.randomnessSeed);
    this.namedRandoms?.clear();
  }

  // ---- sinks ----

  /** Records a call of a worker sink; it is made after the activation, by the worker. */
  callSink(ifaceName: string, fnName: string, args: unknown[]): void {
    // During replay only sinks that ask to be called again get the call; the rest never see it, so it is not kept.
    if (this.info.unsafe.isReplayingHistoryEvents && !this.options.replaySinks?.has(`${ifaceName}.${fnName}`)) return;
    if (this.infoForHost?.source !== this.info) this.infoForHost = { source: this.info, copy: copyForHost(this.info) };
    this.sinkCalls.push({ ifaceName, fnName, args: copyForHost(args) as unknown[], workflowInfo: this.infoForHost.copy as WorkflowInfo });
  }

  /** Runs `fn` as a live, read-only call (an update validator): its sink calls are made even during replay. */
  withLiveInfo<T>(fn: () => T): T {
    const info = this.info;
    if (!info.unsafe.isReplayingHistoryEvents) return fn();
    this.info = { ...info, unsafe: { ...info.unsafe, isReplayingHistoryEvents: false } };
    try {
      return fn();
    } finally {
      this.info = { ...this.info, unsafe: { ...this.info.unsafe, isReplayingHistoryEvents: info.unsafe.isReplayingHistoryEvents } };
    }
  }

  // ---- activation ----

  activate(activation: Activation): void {
    this.now = activation.timestampMs;
    this.isReplaying = activation.isReplaying;
    if (this.info) this.info = infoForActivation(this.info, activation);
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
    this.seed(init.randomnessSeed);
    this.info = infoFromInit(init, activation, this, this.unsafe.random, this.unsafe.now);
    // Factories may read workflowInfo(), so they run once the run knows who it is.
    for (const factory of this.options.interceptors ?? []) {
      const made = factory();
      this.interceptors.inbound.push(...(made.inbound ?? []));
      this.interceptors.outbound.push(...(made.outbound ?? []));
    }
  }

  /** The exported function named by the workflow type, else the module's default export (a dynamic workflow). */
  private workflowFunction(type: string): ((...args: unknown[]) => Promise<unknown>) | undefined {
    const fn = this.workflows[type] ?? this.workflows.default;
    return typeof fn === 'function' ? (fn as (...args: unknown[]) => Promise<unknown>) : undefined;
  }

  private startWorkflow(init: InitializeWorkflow): void {
    const fn = this.workflowFunction(init.workflowType);
    if (!fn) {
      const known = Object.keys(this.workflows).filter((k) => typeof this.workflows[k] === 'function');
      this.failTask(new TypeError(`Workflow type ${init.workflowType} is not exported by the workflow bundle (exported: ${known.join(', ') || 'none'})`));
      return;
    }
    if (isWorkflowFunctionWithOptions(fn)) {
      const opts = fn.workflowDefinitionOptions;
      // A getter runs once, just before the workflow function, so it may read workflowInfo().
      this.definition = typeof opts === 'function' ? opts() : opts;
    }
    const args = arrayFromPayloads(this.payloadConverter, init.args);
    // Read here so that the closures below do not hold the whole job: a pending stack keeps its frames' closures
    // (and what they hold) for as long as the run waits, which is most of a cached run's memory.
    const headers = init.headers;
    const execute = composeInterceptors(this.interceptors.inbound, 'execute', (input) => fn(...input.args));
    this.rootScope
      .run(() => this.withLifecycleLogging(() => execute({ args, headers })))
      .then(
        (result) => this.completeWorkflow(result),
        (err: unknown) => this.handleWorkflowError(err),
      );
  }

  /** Debug lines at start and end of the workflow function, a warning when it fails (as the official SDK logs). */
  private withLifecycleLogging(fn: () => Promise<unknown>): Promise<unknown> {
    const worker = { sdkComponent: 'worker' };
    workflowLog(this, 'debug', 'Workflow started', worker);
    return fn().then(
      (result) => {
        workflowLog(this, 'debug', 'Workflow completed', worker);
        return result;
      },
      (error: unknown) => {
        if (isCancellation(error)) workflowLog(this, 'debug', 'Workflow completed as cancelled', worker);
        else if (error instanceof ContinueAsNew) workflowLog(this, 'debug', 'Workflow continued as new', worker);
        else workflowLog(this, 'warn', 'Workflow failed', { ...worker, error });
        throw error;
      },
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

  /** Whether the workflow declared `err`'s class as one that fails the workflow instead of its task. */
  private failsWorkflow(err: unknown): boolean {
    const types = this.definition?.failureExceptionTypes;
    if (types?.some((t) => (t as unknown) === Error || err instanceof t)) return true;
    const names = this.options.failureErrorTypeNames;
    if (!names?.length || typeof err !== 'object' || err === null) return false;
    if (names.includes('Error')) return true;
    for (let ctor = (err as { constructor?: { name?: string } }).constructor; ctor && ctor !== Function.prototype; ctor = Object.getPrototypeOf(ctor) as typeof ctor) {
      if (ctor.name && names.includes(ctor.name)) return true;
    }
    return false;
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
    } else if (err instanceof TemporalFailure || this.failsWorkflow(err)) {
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
        return this.messages.deliverSignal(job);
      case 'queryWorkflow':
        return this.messages.answerQuery(job);
      case 'cancelWorkflow':
        this.cancelRequested = true;
        this.rootScope.cancel();
        return;
      case 'notifyHasPatch':
        (this.knownPatches ??= new Set()).add(job.patchId);
        return;
      case 'updateRandomSeed':
        this.seed(job.randomnessSeed);
        return;
      case 'doUpdate':
        return this.messages.runUpdate(job);
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
    start?.reject(new WorkflowExecutionAlreadyStartedError('Workflow execution already started', job.workflowId, job.workflowType));
  }

  // ---- timers, conditions, activities ----

  sleep(ms: number, seq: number, summary: string | undefined, stack: PendingStack | undefined): Promise<void> {
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
      this.pushCommand({ kind: 'startTimer', seq, durationMs: Math.max(1, Math.ceil(ms)), userMetadata: toUserMetadata(this.payloadConverter, summary) }, stack);
      this.pending.timer.set(seq, { resolve: () => resolve(), reject, stack });
    });
  }

  condition(fn: () => boolean, stack: PendingStack | undefined): Promise<void> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return scope.cancelRequested;
    const id = ++this.conditionSeq;
    return new Promise<void>((resolve, reject) => {
      if (scope.cancellable) {
        scope.cancelRequested.catch((err: unknown) => {
          if (this.conditions.delete(id)) reject(err);
        });
      }
      this.conditions.set(id, { fn, resolve, stack });
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

  scheduleActivity(command: Omit<ScheduleActivity, 'activityId'> & { activityId?: string }, stack: PendingStack | undefined): Promise<unknown> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return scope.cancelRequested;
    const seq = command.seq;
    const full: ScheduleActivity = { ...command, seq, activityId: command.activityId ?? String(seq) };
    return new Promise((resolve, reject) => {
      if (scope.cancellable) {
        scope.cancelRequested.catch(() => {
          const p = this.pending.activity.get(seq);
          if (!p) return;
          const cancelled = () =>
            new ActivityFailure('Activity cancelled', full.activityType, full.activityId, RetryState.CANCEL_REQUESTED, undefined, new CancelledFailure('Activity cancelled'));
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
      this.pushCommand(full, stack);
      this.pending.activity.set(seq, { resolve, reject, command: full, stack });
    });
  }

  scheduleLocalActivity(command: Omit<ScheduleLocalActivity, 'activityId' | 'originalScheduleTimeMs'> & { activityId?: string }, stack: PendingStack | undefined): Promise<unknown> {
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
      this.pushCommand(full, stack);
      this.pending.activity.set(seq, { resolve, reject, command: full, stack });
    });
  }

  // ---- patches ----

  patch(patchId: string, deprecated: boolean): boolean {
    // Live code takes the new branch; a replay takes it only if the history recorded the patch at this point.
    const used = !this.isReplaying || this.knownPatches?.has(patchId) === true;
    if (used && !this.sentPatches?.has(patchId)) {
      (this.sentPatches ??= new Set()).add(patchId);
      this.pushCommand({ kind: 'setPatchMarker', patchId, deprecated });
    }
    return used;
  }

  // ---- conclusion ----

  conclude(): ActivationCompletion {
    this.messages.rejectBufferedUpdates();
    if (this.completed && !this.hasTaskFailure) this.messages.warnUnfinished((message) => workflowLog(this, 'warn', message));
    const commands = this.commands;
    const sinkCalls = this.sinkCalls;
    this.commands = [];
    this.sinkCalls = [];
    // The copy is kept for the sink calls of one activation (the next one has another info); a cached run does not
    // need to hold it while it waits.
    this.infoForHost = undefined;
    if (this.hasTaskFailure) {
      const err = this.taskFailure;
      this.hasTaskFailure = false;
      this.taskFailure = undefined;
      return { commands: [], sinkCalls, taskFailure: this.failureConverter.errorToFailure(err, this.payloadConverter) };
    }
    // The terminal command goes last, whatever handlers emitted after it (what Temporal's core flag 3 promises).
    const terminal = commands.filter((c) => TERMINAL.has(c.kind));
    return {
      commands: [...commands.filter((c) => !TERMINAL.has(c.kind)), ...terminal.slice(0, 1)],
      sinkCalls,
      versioningBehavior: this.definition?.versioningBehavior,
    };
  }
}

/** A non-replayed random source for workflowInfo().unsafe.random, from the sandbox's own Math.random. */
export function unsafeRandomSource(random: () => number): UnsafeRandomSource {
  const source: UnsafeRandomSource = {
    random,
    uuid4: () => uuid4FromRandom(random),
    fillRandom: (bytes) => fillWithRandom(random, bytes),
  };
  // Left out of JSON (e.g. when workflow info is logged).
  Object.defineProperty(source, 'toJSON', { value: () => undefined, enumerable: true });
  return source;
}

