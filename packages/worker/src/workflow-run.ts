// One cached workflow run on the worker: feeds history into its sandbox run as activations, checks that recorded
// command events match the commands the code emits (replay), and hands back the commands of the live activation.
import { temporal } from '@durable/proto';
import type { VersioningBehavior } from '@durable/common';
import type { Activation, ActivationCompletion, Command, Job, LocalActivityMarker, SandboxRun, SinkCall } from '@durable/workflow/sandbox';
import { COMMAND_EVENT_TYPES, commandOrigin, describeCommand, eventTypeName, matchCommand, producesEvent } from './commands.js';
import { eventId, eventTimeMs, jobFor, localActivityFromMarker, localActivityJob, newSeqRefs, patchMarkerId, type SeqRefs } from './history-jobs.js';
import { DeterminismViolationError, StaleRunError, WorkflowTaskFailedError } from './errors.js';

type Event = temporal.api.history.v1.IHistoryEvent;
const ET = temporal.api.enums.v1.EventType;

// Core's activation order: init, patches, seed, signals/updates, then everything else in event order.
const jobRank = (j: Job): number =>
  j.kind === 'initializeWorkflow' ? 0 : j.kind === 'notifyHasPatch' ? 1 : j.kind === 'updateRandomSeed' ? 2 : j.kind === 'signalWorkflow' || j.kind === 'doUpdate' ? 3 : 4;

export interface RunIdentity {
  namespace: string;
  taskQueue: string;
  workflowId: string;
  runId: string;
}

/**
 * `err` as `replay` finds it again: replays for workflow tasks record no stacks (V8 pays for each), so a command's
 * source line is known only to a replay that records them (stacksWhileReplaying); `err` itself if it disagrees.
 */
export async function withSourceLine(err: DeterminismViolationError, replay: () => unknown): Promise<DeterminismViolationError> {
  try {
    await replay();
  } catch (again) {
    if (again instanceof DeterminismViolationError) return again;
  }
  return err;
}

export class WorkflowRun {
  /** The last history event applied. */
  lastEventId = 0;
  /** Commands emitted but not yet seen in history, oldest first. */
  private expected: Command[] = [];
  private pendingJobs: Job[] = [];
  private readonly refs: SeqRefs = newSeqRefs();
  private lastStartedTimeMs = 0;
  private lastStartedEventId = 0;
  /** What the server said with the last WorkflowTaskStarted: the history's size then, and whether to continue as new. */
  private historySizeBytes = 0;
  private continueAsNewSuggested = false;
  private liveStartedEventId = 0;
  /** Set once a WorkflowTaskCompleted recorded our SDK flags, so they are sent once per run. */
  flagsRecorded = false;
  /** Sink calls of the activations since the worker last took them. */
  private sinkCalls: SinkCall[] = [];
  closed = false;
  /** Whether an activation was replayed here (unless the run records stacks while replaying, its work has none). */
  replayed = false;
  /** The versioning behavior the workflow declared, reported with each workflow task completion. */
  versioningBehavior: VersioningBehavior | undefined;
  /** When the run started (its first event), for the end-to-end latency of its close. */
  startTimeMs: number | undefined;

  constructor(
    readonly id: RunIdentity,
    private readonly run: SandboxRun,
    /** Told each workflow task's started event id before the task is applied (the debug replayer pauses there). */
    private readonly onTaskStarted?: (eventId: number) => void,
  ) {}

  /**
   * Applies new events. Every workflow task they contain that already completed is replayed; if the events end with
   * this task's WorkflowTaskStarted, its activation is live and its commands are returned.
   */
  applyHistory(events: Event[], opts: { liveTask: boolean; liveJobs?: Job[] }): Command[] {
    let live: Command[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const id = eventId(e);
      if (id <= this.lastEventId) continue;
      if (id !== this.lastEventId + 1) {
        throw new WorkflowTaskFailedError(`History of ${this.describe()} jumps from event ${this.lastEventId} to ${id}`);
      }
      this.lastEventId = id;
      if (id === 1) this.startTimeMs = eventTimeMs(e);
      const next = events[i + 1];
      if (e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        this.checkAllMatched(id);
        this.onTaskStarted?.(id);
        this.lastStartedTimeMs = eventTimeMs(e);
        this.lastStartedEventId = id;
        const started = e.workflowTaskStartedEventAttributes;
        this.historySizeBytes = Number(started?.historySizeBytes ?? 0);
        this.continueAsNewSuggested = started?.suggestContinueAsNew ?? false;
        if (next?.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED || next?.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) continue;
        if (next?.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
          this.activate(true, jobsAhead(events, i + 2), localActivitiesAhead(events, i + 2));
          continue;
        }
        if (!next && opts.liveTask) {
          live = this.activate(false, opts.liveJobs ?? []);
          this.liveStartedEventId = id;
        }
        continue;
      }
      if (
        (e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_FAILED || e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) &&
        this.liveStartedEventId !== 0 &&
        Number((e.workflowTaskFailedEventAttributes ?? e.workflowTaskTimedOutEventAttributes)?.startedEventId) === this.liveStartedEventId
      ) {
        // The server discarded what our last live activation produced; the sandbox cannot take it back.
        throw new StaleRunError(`${this.describe()}: workflow task started at event ${this.liveStartedEventId} was not accepted`);
      }
      if (e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        if (e.workflowTaskCompletedEventAttributes?.sdkMetadata?.langUsedFlags?.length) this.flagsRecorded = true;
        continue;
      }
      if (COMMAND_EVENT_TYPES.has(e.eventType ?? 0)) {
        this.matchEvent(e);
        continue;
      }
      const job = jobFor(e, this.refs, this.id);
      if (job) this.pendingJobs.push(job);
    }
    return live;
  }

  /** The sink calls made since the last call; the worker makes them. */
  takeSinkCalls(): SinkCall[] {
    const calls = this.sinkCalls;
    this.sinkCalls = [];
    return calls;
  }

  private activateRun(activation: Activation): ActivationCompletion {
    const completion = this.run.activate(activation);
    if (completion.sinkCalls.length) this.sinkCalls.push(...completion.sinkCalls);
    if (completion.versioningBehavior) this.versioningBehavior = completion.versioningBehavior;
    return completion;
  }

  /** Answers queries against the current state (no history is applied, nothing is recorded). */
  query(jobs: Job[]): Command[] {
    const completion = this.activateRun(this.activation(jobs, false));
    if (completion.taskFailure) throw new WorkflowTaskFailedError(completion.taskFailure.message ?? 'query failed', completion.taskFailure);
    return completion.commands;
  }

  private activation(jobs: Job[], isReplaying: boolean): Activation {
    return {
      runId: this.id.runId,
      timestampMs: this.lastStartedTimeMs,
      isReplaying,
      historyLength: this.lastStartedEventId,
      historySizeBytes: this.historySizeBytes,
      continueAsNewSuggested: this.continueAsNewSuggested,
      jobs,
    };
  }

  private activate(isReplaying: boolean, extraJobs: Job[], localMarkers?: Map<number, Job>): Command[] {
    if (isReplaying) this.replayed = true;
    const jobs: Job[] = [...extraJobs, ...this.pendingJobs];
    this.pendingJobs = [];
    jobs.sort((a, b) => jobRank(a) - jobRank(b));
    let commands = this.runActivation(jobs, isReplaying);
    const all = [...commands];
    // On replay, local activities resolve from the markers their task recorded (they are not run again).
    while (localMarkers) {
      const resolutions = commands
        .filter((c) => c.kind === 'scheduleLocalActivity')
        .map((c) => localMarkers.get(c.seq))
        .filter((j): j is Job => j !== undefined);
      if (!resolutions.length) break;
      commands = this.runActivation(resolutions, true);
      all.push(...commands);
    }
    return all;
  }

  private runActivation(jobs: Job[], isReplaying: boolean): Command[] {
    const completion = this.activateRun(this.activation(jobs, isReplaying));
    if (completion.taskFailure) {
      throw new WorkflowTaskFailedError(completion.taskFailure.message ?? 'workflow task failed', completion.taskFailure);
    }
    this.expected.push(...completion.commands.filter(producesEvent));
    return completion.commands;
  }

  /** Live: local activities of this task finished; the workflow sees their results in a further activation. */
  resolveLocalActivities(markers: LocalActivityMarker[]): Command[] {
    for (const m of markers) {
      const i = this.expected.findIndex((c) => c.kind === 'scheduleLocalActivity' && c.seq === m.seq);
      if (i >= 0) this.expected[i] = m;
    }
    return this.runActivation(markers.map((m) => localActivityJob(m)), false);
  }

  private matchEvent(e: Event): void {
    const id = eventId(e);
    let command = this.expected[0];
    // A deprecated patch whose call was removed from the code leaves a marker nothing emits: skip it.
    if (command?.kind !== 'setPatchMarker' && patchMarkerId(e)?.deprecated) return;
    while (command?.kind === 'setPatchMarker' && command.deprecated && !patchMarkerId(e)) {
      this.expected.shift();
      command = this.expected[0];
    }
    if (!command) {
      throw new DeterminismViolationError(
        `${this.describe()}: history has ${eventTypeName(e.eventType)} at event ${id}, but the workflow code emitted no command for it`,
        { eventId: id, eventType: eventTypeName(e.eventType) },
      );
    }
    const why = matchCommand(command, e, this.refs, (seq) => this.scheduledIdOf(seq));
    if (why) {
      throw new DeterminismViolationError(
        `${this.describe()}: the code emitted ${describeCommand(command)}${commandOrigin(command)} but history has ${eventTypeName(e.eventType)} at event ${id} (${why})`,
        { eventId: id, eventType: eventTypeName(e.eventType), command: describeCommand(command) },
      );
    }
    this.expected.shift();
    if (command.kind === 'completeWorkflow' || command.kind === 'failWorkflow' || command.kind === 'cancelWorkflow' || command.kind === 'continueAsNew') {
      this.closed = true;
    }
  }

  /** A task's command events directly follow its WorkflowTaskCompleted: by the next task, all must have matched. */
  private checkAllMatched(atEventId: number): void {
    while (this.expected[0]?.kind === 'setPatchMarker' && this.expected[0].deprecated) this.expected.shift();
    const missing = this.expected[0];
    if (!missing) return;
    throw new DeterminismViolationError(
      `${this.describe()}: the code emitted ${describeCommand(missing)}${commandOrigin(missing)}, but history has no such command before event ${atEventId}`,
      { eventId: atEventId, eventType: 'WORKFLOW_TASK_STARTED', command: describeCommand(missing) },
    );
  }

  /** The ActivityTaskScheduled event id of an activity, known once its schedule event has been matched. */
  scheduledIdOf(seq: number): number {
    for (const [id, ref] of this.refs.activities) if (ref.seq === seq) return id;
    return 0;
  }

  get seqRefs(): SeqRefs {
    return this.refs;
  }

  /** After the whole history was replayed: commands the code emitted that history does not have. */
  unmatchedCommands(): Command[] {
    return this.expected;
  }

  describe(): string {
    return `workflow ${this.id.workflowId} (run ${this.id.runId})`;
  }
}

/** Resolutions of the local activities a task recorded, by sequence number. */
function localActivitiesAhead(events: Event[], from: number): Map<number, Job> {
  const out = new Map<number, Job>();
  for (let j = from; j < events.length && COMMAND_EVENT_TYPES.has(events[j]!.eventType ?? 0); j++) {
    const m = localActivityFromMarker(events[j]!);
    if (m) out.set(m.seq, localActivityJob(m));
  }
  return out;
}

/**
 * Jobs a replayed task must see that history records among its command events: patches the code took
 * (NotifyHasPatch) and updates it accepted (DoUpdate, rebuilt from the accepted request; no validator on replay).
 */
function jobsAhead(events: Event[], from: number): Job[] {
  const jobs: Job[] = [];
  for (let j = from; j < events.length && COMMAND_EVENT_TYPES.has(events[j]!.eventType ?? 0); j++) {
    const e = events[j]!;
    const p = patchMarkerId(e);
    if (p) jobs.push({ kind: 'notifyHasPatch', patchId: p.id });
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted?.acceptedRequest) jobs.push(updateJob(accepted.protocolInstanceId ?? '', accepted.acceptedRequest, false));
  }
  return jobs;
}

export function updateJob(protocolInstanceId: string, request: temporal.api.update.v1.IRequest, runValidator: boolean): Job {
  return {
    kind: 'doUpdate',
    id: request.meta?.updateId || protocolInstanceId,
    protocolInstanceId,
    name: request.input?.name ?? '',
    args: request.input?.args?.payloads ?? [],
    headers: request.input?.header?.fields ?? {},
    runValidator,
  };
}
