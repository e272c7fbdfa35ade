// Polls workflow tasks (the task queue and this worker's sticky queue), runs them through cached runs, and answers
// the server: commands, query results, or a workflow task failure.
import { getHeapStatistics } from 'node:v8';
import { nanoid } from 'nanoid';
import { temporal, type google } from '@durable/proto';
import type { Connection } from '@durable/client';
import { msToNumber, msToProtoDuration, type Duration, type LoadedDataConverter, type MetricMeter } from '@durable/common';
import { SDK_FLAG_IDS, WorkflowSandbox } from '@durable/workflow/sandbox';
import type { Command, Job, ScheduleLocalActivity } from '@durable/workflow/sandbox';
import { runLocalActivity } from './local-activities.js';
import { encodeCommands, decodeEvents, decodeJobs } from './codec.js';
import { toApiCommand } from './commands.js';
import { DeterminismViolationError, StaleRunError, WorkflowTaskFailedError } from './errors.js';
import { eventId } from './history-jobs.js';
import { WorkflowRun, withSourceLine } from './workflow-run.js';
import type { Logger } from './logger.js';
import type { ActivityRegistry } from './activity-registry.js';
import type { SinkCaller } from './sinks.js';
import type { Client } from '@durable/client';
import type { Slots } from './tuner.js';
import { pollLoop } from './poll-loop.js';
import type { Deployment } from './deployment.js';
import { updateRequests, updateResponses } from './update-messages.js';
import type { WorkerMetrics, WorkflowOutcome } from './metrics/worker-metrics.js';
import type { EagerActivitySlot } from './activity-worker.js';

type PollResponse = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
type Event = temporal.api.history.v1.IHistoryEvent;
const Enums = temporal.api.enums.v1;

export const SDK_NAME = 'durable-typescript';
export const SDK_VERSION = '0.1.0';
// Temporal's flags whose semantics we implement: core 1 (id/type checks) and 3 (terminal command last);
// TypeScript's, all of them (see SdkFlags in @durable/workflow): 1 (non-cancellable scopes shielded), 2 (jobs
// processed as one batch) and 3-6, which OpenTelemetry's workflow interceptors ask for; recorded so that the
// official replayer takes the same paths through those interceptors as our runs took.
const CORE_FLAGS = [1, 3];
const LANG_FLAGS = [...SDK_FLAG_IDS];
const OUTCOMES: Partial<Record<Command['kind'], WorkflowOutcome>> = {
  completeWorkflow: 'completed',
  failWorkflow: 'failed',
  cancelWorkflow: 'canceled',
  continueAsNew: 'continue_as_new',
};

export interface WorkflowWorkerOptions {
  connection: Connection;
  namespace: string;
  taskQueue: string;
  identity: string;
  bundleCode: string;
  dataConverter: LoadedDataConverter;
  logger: Logger;
  /** Concurrent workflow tasks (maxConcurrentWorkflowTaskExecutions, or the worker's tuner). */
  slots: Slots;
  normalPolls: number;
  stickyPolls: number;
  maxCachedWorkflows: number;
  maxCachedWorkflowsMemory: number;
  stickyQueueScheduleToStartTimeout: Duration;
  /** For local activities, which run inside workflow tasks. */
  activities: ActivityRegistry;
  client: Client;
  sinks: SinkCaller;
  /** Error class names that fail the workflow instead of its task (WorkerOptions.workflowFailureErrorTypes). */
  workflowFailureErrorTypes: string[];
  metrics: WorkerMetrics;
  /** The worker's meter (tagged with namespace and task queue), for local activities' `metricMeter`. */
  metricMeter: MetricMeter;
  /** The worker's deployment version (workerDeploymentOptions), if it has one. */
  deployment?: Deployment;
  /** The worker's activity slots, when it runs activities: for the activities a task asks to run eagerly. */
  eagerActivities?: { reserveEager(): EagerActivitySlot | undefined };
  /** At most this many eager activities per workflow task (maxEagerActivityReservationsPerWorkflowTask). */
  maxEagerActivities: number;
}

export class WorkflowWorker {
  private readonly sandbox: WorkflowSandbox;
  private readonly cache = new Map<string, WorkflowRun>();
  readonly stickyQueue: string;
  private readonly abort = new AbortController();
  private readonly slots: Slots;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private readonly polling = { workflow_task: 0, sticky_workflow_task: 0 };

  constructor(private readonly o: WorkflowWorkerOptions) {
    this.sandbox = new WorkflowSandbox(o.bundleCode);
    this.stickyQueue = `${o.identity}-${o.taskQueue}-sticky-${nanoid(8)}`;
    this.slots = o.slots;
  }

  get cachedRuns(): number {
    return this.cache.size;
  }

  /** Polls until shutdown; resolves once every task in flight is answered (the Worker then releases the sticky queue). */
  async run(): Promise<void> {
    const normal = { name: this.o.taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL };
    const sticky = { name: this.stickyQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: this.o.taskQueue };
    await Promise.all([
      ...Array.from({ length: this.o.normalPolls }, () => this.pollLoop(normal)),
      ...Array.from({ length: this.o.stickyPolls }, () => this.pollLoop(sticky)),
    ]);
    await Promise.all([...this.inFlight]);
  }

  /** Stops polling; tasks in flight finish and are answered, then run() resolves. */
  shutdown(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.abort.abort();
  }

  private pollLoop(taskQueue: temporal.api.taskqueue.v1.ITaskQueue): Promise<void> {
    const { connection, namespace, identity, logger } = this.o;
    return pollLoop<PollResponse>({
      slots: this.slots,
      slotInfo: (task) => ({ type: 'workflow', workflowType: task.workflowType?.name ?? '', isSticky: taskQueue.kind === Enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY }),
      inFlight: this.inFlight,
      logger,
      what: `Workflow task (${taskQueue.name ?? ''})`,
      stopping: () => this.stopping,
      poll: async () => {
        const pollerType = taskQueue.kind === Enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY ? 'sticky_workflow_task' : 'workflow_task';
        this.o.metrics.pollersActive(pollerType, ++this.polling[pollerType]);
        try {
          const task = await connection.withAbortSignal(this.abort.signal, () => connection.workflowService.pollWorkflowTaskQueue({ namespace, taskQueue, identity, deploymentOptions: this.o.deployment?.proto }));
          const empty = !task.taskToken?.length;
          this.o.metrics.workflowTaskPolled(pollerType, empty, empty ? undefined : stampMs(task.startedTime) - stampMs(task.scheduledTime));
          return task;
        } finally {
          this.o.metrics.pollersActive(pollerType, --this.polling[pollerType]);
        }
      },
      isEmpty: (task) => !task.taskToken?.length,
      handle: (task) => this.handleTask(task),
    });
  }

  private async handleTask(task: PollResponse): Promise<void> {
    const runId = task.workflowExecution?.runId ?? '';
    this.o.logger.log('DEBUG', 'Workflow task received', {
      workflowId: task.workflowExecution?.workflowId,
      runId,
      startedEventId: Number(task.startedEventId),
      stickyQueue: this.stickyQueue,
    });
    try {
      if (task.query) await this.answerLegacyQuery(task);
      else await this.completeTask(task, false);
    } catch (err) {
      this.cache.delete(runId);
      this.o.logger.log('ERROR', 'Workflow task handling failed', {
        workflowId: task.workflowExecution?.workflowId,
        runId,
        error: (err as Error).message,
      });
    }
  }

  private async completeTask(task: PollResponse, rebuild: boolean): Promise<void> {
    const began = performance.now();
    const runId = task.workflowExecution?.runId ?? '';
    const workflowType = task.workflowType?.name ?? '';
    let run = rebuild ? undefined : this.cache.get(runId);
    let events = await this.taskEvents(task);
    if (run && events.length && eventId(events[0]!) === 1) run = undefined;
    // A run that had earlier tasks and is not here is rebuilt by replaying its history.
    const replays = !run && Number(task.previousStartedEventId ?? 0) > 0;
    if (run || replays) this.o.metrics.cacheLookup(!!run);
    if (!run && (!events.length || eventId(events[0]!) !== 1)) events = await this.fullHistory(task, Number(task.startedEventId));
    this.cache.delete(runId);
    run ??= this.newRun(task);
    let commands: Command[];
    const updates = updateRequests(task.messages);
    await decodeJobs(this.o.dataConverter.payloadCodecs, updates.jobs);
    const queryResults: Record<string, temporal.api.query.v1.IWorkflowQueryResult> = {};
    try {
      const applying = performance.now();
      commands = run.applyHistory(events, { liveTask: true, liveJobs: updates.jobs });
      if (replays) this.o.metrics.workflowTaskRan(workflowType, performance.now() - applying, true);
      commands = await this.runLocalActivities(run, commands, task);
      for (const [queryId, q] of Object.entries(task.queries ?? {})) {
        const answering = run.replayed && STACK_TRACE_QUERIES.has(q.queryType ?? '') ? await this.runWithStacks(task, events, updates.jobs) : run;
        queryResults[queryId] = await this.queryResult(answering.query([queryJob(queryId, q)]));
      }
    } catch (err) {
      await this.makeSinkCalls(run);
      if (err instanceof StaleRunError && !rebuild) return this.completeTask(task, true);
      await this.failTask(task, err instanceof DeterminismViolationError ? await withSourceLine(err, () => this.runWithStacks(task, events, updates.jobs)) : err);
      return;
    }
    await this.makeSinkCalls(run);
    const encoded = await encodeCommands(this.o.dataConverter.payloadCodecs, commands);
    const apiCommands = encoded
      .map((c) => toApiCommand(c, this.o.namespace, run.seqRefs, (seq) => run.scheduledIdOf(seq)))
      .filter((c): c is temporal.api.command.v1.ICommand => c !== undefined);
    const outcome = commands.map((c) => OUTCOMES[c.kind]).find((o) => o !== undefined);
    const finished = outcome !== undefined;
    const eager = this.reserveEagerActivities(encoded, apiCommands);
    let response: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse;
    try {
      response = await this.o.connection.workflowService.respondWorkflowTaskCompleted({
        namespace: this.o.namespace,
        taskToken: task.taskToken,
        identity: this.o.identity,
        commands: apiCommands,
        messages: updateResponses(encoded, updates.delivered, this.o.identity),
        queryResults,
        stickyAttributes: finished
          ? undefined
          : {
              workerTaskQueue: { name: this.stickyQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: this.o.taskQueue },
              scheduleToStartTimeout: msToProtoDuration(msToNumber(this.o.stickyQueueScheduleToStartTimeout)) as unknown as google.protobuf.IDuration,
            },
        sdkMetadata: run.flagsRecorded ? undefined : { coreUsedFlags: CORE_FLAGS, langUsedFlags: LANG_FLAGS, sdkName: SDK_NAME, sdkVersion: SDK_VERSION },
        deploymentOptions: this.o.deployment?.proto,
        versioningBehavior: this.o.deployment?.behavior(run.versioningBehavior),
      });
    } catch (err) {
      for (const slot of eager.values()) slot.release();
      throw err;
    }
    this.runEagerActivities(eager, response.activityTasks ?? []);
    run.flagsRecorded = true;
    this.o.metrics.workflowTaskRan(workflowType, performance.now() - began, false);
    if (outcome) this.o.metrics.workflowClosed(workflowType, outcome, run.startTimeMs === undefined ? undefined : Date.now() - run.startTimeMs);
    if (!finished) this.cacheRun(runId, run);
    this.o.metrics.cached(this.cache.size);
  }

  /**
   * Takes a free activity slot for each activity the task schedules on this worker's own task queue (unless the
   * workflow said `allowEagerDispatch: false`), up to maxEagerActivityReservationsPerWorkflowTask, and asks the server
   * to hand those back with its answer instead of queueing them: the activity starts without a poll round trip, as
   * with the official worker. Without a free slot the activity is queued as usual.
   */
  private reserveEagerActivities(commands: Command[], apiCommands: temporal.api.command.v1.ICommand[]): Map<string, EagerActivitySlot> {
    const eager = new Map<string, EagerActivitySlot>();
    const activities = this.o.eagerActivities;
    if (!activities || this.o.maxEagerActivities <= 0) return eager;
    const allowed = new Set<string>();
    for (const c of commands) if (c.kind === 'scheduleActivity' && !c.doNotEagerlyExecute && c.taskQueue === this.o.taskQueue) allowed.add(c.activityId);
    for (const c of apiCommands) {
      const attrs = c.scheduleActivityTaskCommandAttributes;
      if (!attrs?.activityId || !allowed.has(attrs.activityId) || eager.size >= this.o.maxEagerActivities) continue;
      const slot = activities.reserveEager();
      if (!slot) break;
      eager.set(attrs.activityId, slot);
      attrs.requestEagerExecution = true;
    }
    return eager;
  }

  /** Starts the activities the server handed back in the slots taken for them; slots it did not fill are released. */
  private runEagerActivities(eager: Map<string, EagerActivitySlot>, tasks: temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse[]): void {
    for (const task of tasks) {
      const slot = eager.get(task.activityId ?? '');
      if (!slot) {
        // The server answered with an activity this worker did not ask for: it times out and is retried, as with core.
        this.o.logger.log('ERROR', 'The server handed back an activity for eager execution that was not requested', { activityId: task.activityId });
        continue;
      }
      eager.delete(task.activityId ?? '');
      slot.run(task as temporal.api.workflowservice.v1.PollActivityTaskQueueResponse);
    }
    for (const slot of eager.values()) slot.release();
  }

  /**
   * Runs the local activities the task's activations asked for, feeds their results back until the workflow asks
   * for no more, and puts each one's marker where its command was.
   */
  private async runLocalActivities(run: WorkflowRun, commands: Command[], task: PollResponse): Promise<Command[]> {
    const out = [...commands];
    let batch = commands;
    for (;;) {
      const pending = batch.filter((c): c is ScheduleLocalActivity => c.kind === 'scheduleLocalActivity');
      if (!pending.length) return out;
      const ctx = {
        activities: this.o.activities,
        dataConverter: this.o.dataConverter,
        logger: this.o.logger,
        client: this.o.client,
        namespace: this.o.namespace,
        taskQueue: this.o.taskQueue,
        workflowId: task.workflowExecution?.workflowId ?? '',
        runId: task.workflowExecution?.runId ?? '',
        workflowType: task.workflowType?.name ?? '',
        now: () => Date.now(),
        metrics: this.o.metrics,
        metricMeter: this.o.metricMeter,
      };
      const markers = await Promise.all(pending.map((c) => runLocalActivity(ctx, c)));
      for (const m of markers) {
        const i = out.findIndex((c) => c.kind === 'scheduleLocalActivity' && c.seq === m.seq);
        if (i >= 0) out[i] = m;
      }
      batch = run.resolveLocalActivities(markers);
      out.push(...batch);
    }
  }

  private async failTask(task: PollResponse, err: unknown): Promise<void> {
    const runId = task.workflowExecution?.runId ?? '';
    this.cache.delete(runId);
    const nondeterministic = err instanceof DeterminismViolationError;
    this.o.metrics.workflowTaskFailed(task.workflowType?.name ?? '', nondeterministic ? 'NonDeterminismError' : 'WorkflowError');
    this.o.logger.log(nondeterministic ? 'ERROR' : 'WARN', 'Workflow task failed', {
      workflowId: task.workflowExecution?.workflowId,
      runId,
      attempt: task.attempt,
      error: (err as Error).message,
    });
    // Later attempts are left to time out, as Temporal's core does, so a broken deploy does not spin.
    if ((task.attempt ?? 1) > 1) return;
    const failure =
      err instanceof WorkflowTaskFailedError && err.failure
        ? err.failure
        : this.o.dataConverter.failureConverter.errorToFailure(err, this.o.dataConverter.payloadConverter);
    await this.o.connection.workflowService.respondWorkflowTaskFailed({
      namespace: this.o.namespace,
      taskToken: task.taskToken,
      identity: this.o.identity,
      cause: nondeterministic
        ? Enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR
        : Enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
      failure,
    });
  }

  private async answerLegacyQuery(task: PollResponse): Promise<void> {
    const runId = task.workflowExecution?.runId ?? '';
    let run = this.cache.get(runId);
    let result: temporal.api.query.v1.IWorkflowQueryResult;
    try {
      const stacks = STACK_TRACE_QUERIES.has(task.query?.queryType ?? '');
      let events = await this.taskEvents(task);
      if (!run || (events.length && eventId(events[0]!) === 1) || (stacks && run.replayed)) {
        if (!events.length || eventId(events[0]!) !== 1) events = await this.fullHistory(task);
        // Built only to answer the query: not cached, since it has not gone through a live task.
        run = this.newRun(task, stacks);
        try {
          run.applyHistory(events, { liveTask: false });
        } catch (err) {
          throw err instanceof DeterminismViolationError ? await withSourceLine(err, () => this.runWithStacks(task, events)) : err;
        }
      }
      result = await this.queryResult(run.query([queryJob('legacy', task.query!)]));
    } catch (err) {
      // A replay that fails (a non-deterministic change, a bug) fails the query at once, with the reason: left
      // unanswered, the caller would wait out the query timeout and learn nothing.
      result = {
        resultType: Enums.QueryResultType.QUERY_RESULT_TYPE_FAILED,
        errorMessage: (err as Error).message,
        failure: this.o.dataConverter.failureConverter.errorToFailure(err, this.o.dataConverter.payloadConverter),
      };
    }
    if (run) await this.makeSinkCalls(run);
    await this.o.connection.workflowService.respondQueryTaskCompleted({
      namespace: this.o.namespace,
      taskToken: task.taskToken,
      completedType:
        result.resultType === Enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
          ? Enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
          : Enums.QueryResultType.QUERY_RESULT_TYPE_FAILED,
      queryResult: result.answer,
      errorMessage: result.errorMessage,
      failure: result.failure,
    });
  }

  private async queryResult(commands: Command[]): Promise<temporal.api.query.v1.IWorkflowQueryResult> {
    const [answer] = (await encodeCommands(this.o.dataConverter.payloadCodecs, commands)).filter((c) => c.kind === 'respondToQuery');
    if (!answer || answer.kind !== 'respondToQuery') throw new Error('The workflow did not answer the query');
    if (answer.failure) {
      return {
        resultType: Enums.QueryResultType.QUERY_RESULT_TYPE_FAILED,
        errorMessage: answer.failure.message ?? 'query failed',
        failure: answer.failure,
      };
    }
    return { resultType: Enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED, answer: { payloads: answer.result ? [answer.result] : [] } };
  }

  private newRun(task: PollResponse, stacksWhileReplaying = false): WorkflowRun {
    return new WorkflowRun(
      {
        namespace: this.o.namespace,
        taskQueue: this.o.taskQueue,
        workflowId: task.workflowExecution?.workflowId ?? '',
        runId: task.workflowExecution?.runId ?? '',
      },
      this.sandbox.createRun({ replaySinks: this.o.sinks.replaySinkNames(), failureErrorTypeNames: this.o.workflowFailureErrorTypes, stacksWhileReplaying }),
    );
  }

  /**
   * The task's run rebuilt by a replay that records stacks: for a stack trace query to a run that was replayed
   * without them, and to name a non-deterministic command's source line. Not cached; its sink calls are dropped
   * (the run it stands for made them).
   */
  private async runWithStacks(task: PollResponse, events: Event[], liveJobs: Job[] = []): Promise<WorkflowRun> {
    const all = events.length && eventId(events[0]!) === 1 ? events : await this.fullHistory(task, Number(task.startedEventId));
    const run = this.newRun(task, true);
    run.applyHistory(all, { liveTask: true, liveJobs });
    return run;
  }


  /** Makes the sink calls of the activations just run, as the official worker does before answering the task. */
  private async makeSinkCalls(run: WorkflowRun): Promise<void> {
    const pending = this.o.sinks.call(run.takeSinkCalls());
    if (pending.length) await Promise.all(pending);
  }

  private cacheRun(runId: string, run: WorkflowRun): void {
    this.cache.set(runId, run);
    while (this.cache.size > this.o.maxCachedWorkflows) this.evictOldest();
    // V8's own counter: process.memoryUsage() also reads the RSS from the OS, ~10x the cost, on every task.
    if (this.cache.size > 1 && getHeapStatistics().used_heap_size > this.o.maxCachedWorkflowsMemory) {
      // Over the memory budget: drop the least recently used tenth; evicted runs replay when they next get a task.
      for (let n = Math.max(1, Math.floor(this.cache.size / 10)); n > 0; n--) this.evictOldest();
    }
  }

  private evictOldest(): void {
    const oldest = this.cache.keys().next();
    if (oldest.done) return;
    this.cache.delete(oldest.value);
    this.o.metrics.evicted();
  }

  /** The task's events, with further pages fetched and payloads decoded. */
  private async taskEvents(task: PollResponse): Promise<Event[]> {
    const events = [...(task.history?.events ?? [])];
    if (task.nextPageToken?.length) events.push(...(await this.historyPages(task, task.nextPageToken)));
    await decodeEvents(this.o.dataConverter.payloadCodecs, events);
    return events;
  }

  /** The whole history from event 1 (up to `upTo` when given), for a run not in the cache. */
  private async fullHistory(task: PollResponse, upTo?: number): Promise<Event[]> {
    const events = await this.historyPages(task, undefined);
    const kept = upTo ? events.filter((e) => eventId(e) <= upTo) : events;
    await decodeEvents(this.o.dataConverter.payloadCodecs, kept);
    return kept;
  }

  private async historyPages(task: PollResponse, from: Uint8Array | undefined): Promise<Event[]> {
    const events: Event[] = [];
    let token = from;
    do {
      const page = await this.o.connection.workflowService.getWorkflowExecutionHistory({
        namespace: this.o.namespace,
        execution: task.workflowExecution,
        nextPageToken: token,
      });
      events.push(...(page.history?.events ?? []));
      token = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (token);
    return events;
  }
}

/** The built-in queries answered from the stacks of a run's pending work. */
const STACK_TRACE_QUERIES = new Set(['__stack_trace', '__enhanced_stack_trace']);

function queryJob(queryId: string, q: temporal.api.query.v1.IWorkflowQuery): Job {
  return { kind: 'queryWorkflow', queryId, queryType: q.queryType ?? '', args: q.queryArgs?.payloads ?? [], headers: q.header?.fields ?? {} };
}

const stampMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1_000_000) : 0;
