import type { temporal} from '@durable/proto';
import { toLong } from '@durable/proto';
import { storedEvent } from '../model/codecs.js';
import { attributesKey, decodeEvent, encodeEvent, EventType, timestamp, type HistoryEvent } from '../model/events.js';
import { Entity, OPEN_CLOSE_TIME, WorkflowStatus, type ExecutionRow, type TaskKind, type TimerKind } from '../model/rows.js';
import type { BufferedEvent, CloseOutcome, RunState } from '../model/run-state.js';
import type { Effects } from '../ports/effects.js';
import type { RunHost, RunTx } from '../ports/run-ports.js';
import { queueKey } from '../infra/matching.js';
import { fairnessWeight, priorityLevel, type Priority } from '../model/priority.js';

export type Host = RunHost<RunContext>;
export type Tx = RunTx<RunContext>;

/** One run loaded inside a transaction: appends events, buffers them behind an in-flight task, and saves. */
export class RunContext {
  readonly newEvents: HistoryEvent[] = [];
  /** The row's status or history moved in this transaction (its state is compared when saved). */
  rowChanged = false;
  /** The row's status, execution or close time moved: columns the listing index is built on. */
  statusChanged = false;
  /** Memo or search attributes were upserted in this transaction. */
  visibilityChanged = false;

  constructor(
    readonly host: Host,
    readonly row: ExecutionRow,
    readonly state: RunState,
    readonly now: number,
    readonly effects: Effects,
    /** The transaction this run was loaded in: for work that touches other runs (children, parents, signals). */
    readonly tx: Tx,
  ) {}

  /** This run's WorkflowExecutionStarted event. */
  startedEvent(): HistoryEvent | undefined {
    const data = this.host.store.readEvent(this.row.run_id, 1);
    return data ? decodeEvent(data) : undefined;
  }

  /** Attributes of this run's WorkflowExecutionStarted event. */
  startedAttributes(): temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes | undefined {
    return this.startedEvent()?.workflowExecutionStartedEventAttributes ?? undefined;
  }

  get namespace(): string {
    return this.row.namespace;
  }
  get workflowId(): string {
    return this.row.workflow_id;
  }
  get runId(): string {
    return this.row.run_id;
  }
  /** Running, or paused by an operator (a paused run is open: it takes signals and can be terminated). */
  get isOpen(): boolean {
    const s = this.row.status;
    return s === WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING || s === WorkflowStatus.WORKFLOW_EXECUTION_STATUS_PAUSED;
  }
  /** A standalone activity (StartActivityExecution), kept as an execution with one activity and no workflow. */
  get isStandaloneActivity(): boolean {
    return this.row.entity === Entity.activity;
  }
  get isPaused(): boolean {
    return this.row.status === WorkflowStatus.WORKFLOW_EXECUTION_STATUS_PAUSED;
  }
  get execution() {
    return { workflowId: this.row.workflow_id, runId: this.row.run_id };
  }
  /** A workflow task has been handed to a worker and not answered. */
  get taskInFlight(): boolean {
    return (this.state.wft?.startedEventId ?? 0) > 0;
  }

  describe(): string {
    return `workflow ${this.row.workflow_id} (run ${this.row.run_id})`;
  }

  /** Appends an event to history now, with the next id (and the user metadata a command or request gave it). */
  addEvent(type: EventType, attributes: object, eventTime = this.now, userMetadata?: temporal.api.sdk.v1.IUserMetadata | null): HistoryEvent {
    const wft = this.state.wft;
    if (wft?.transient && wft.startedEventId === 0) {
      // A new event ends the run of failed attempts: the next task is a normal one again.
      this.state.wft = null;
      this.state.wftAttempt = 1;
    }
    const event: HistoryEvent = {
      eventId: toLong(this.state.nextEventId++),
      eventTime: timestamp(eventTime),
      eventType: type,
      taskId: toLong(this.host.nextTaskId()),
      [attributesKey(type)]: attributes,
      ...(userMetadata ? { userMetadata } : {}),
    };
    this.writeEvent(event);
    return event;
  }

  /** Writes an event taken from another run's history, keeping its id and time (reset copies history). */
  copyEvent(event: HistoryEvent): void {
    this.state.nextEventId = Number(event.eventId) + 1;
    this.writeEvent({ ...event, taskId: toLong(this.host.nextTaskId()) });
  }

  private writeEvent(event: HistoryEvent): void {
    const bytes = encodeEvent(event);
    this.host.store.insertEvent(this.row.run_id, Number(event.eventId), bytes);
    this.row.history_length = Number(event.eventId);
    this.rowChanged = true;
    this.row.history_size += bytes.length;
    this.newEvents.push(event);
    this.effects.historyChanged.add(this.row.run_id);
  }

  /**
   * Appends an event that the workflow must see, or holds it back while a workflow task is in flight (Temporal's
   * buffered events). Returns true when it was written now.
   */
  addOrBuffer(type: EventType, attributes: object, extra: Omit<BufferedEvent, 'event'> = {}): boolean {
    if (!this.taskInFlight) {
      this.addEvent(type, attributes);
      return true;
    }
    const event: HistoryEvent = { eventType: type, [attributesKey(type)]: attributes, eventTime: timestamp(this.now) };
    this.state.buffered.push({ event: storedEvent.encode(event), ...extra });
    return false;
  }

  /** Writes an activity's deferred Started event and its close event, wiring the close to the Started id. */
  addActivityClose(started: object, startedTime: number, type: EventType, attributes: Record<string, unknown>): void {
    const startedType = EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED;
    if (!this.taskInFlight) {
      const s = this.addEvent(startedType, started, startedTime);
      this.addEvent(type, { ...attributes, startedEventId: s.eventId });
      return;
    }
    const startedEvent: HistoryEvent = {
      eventType: startedType,
      eventTime: timestamp(startedTime),
      activityTaskStartedEventAttributes: started,
    };
    const close: HistoryEvent = { eventType: type, eventTime: timestamp(this.now), [attributesKey(type)]: attributes };
    this.state.buffered.push({ event: storedEvent.encode(close), started: storedEvent.encode(startedEvent) });
  }

  /** Writes the buffered events (activity closes last, as Temporal orders them). Returns how many there were. */
  flushBuffered(): number {
    const buffered = this.state.buffered;
    if (buffered.length === 0) return 0;
    this.state.buffered = [];
    this.state.firedTimers = {};
    const ordered = [...buffered.filter((b) => !b.started), ...buffered.filter((b) => b.started)];
    for (const b of ordered) {
      let startedId: number | undefined;
      if (b.started) {
        const s = storedEvent.decode(b.started)!;
        s.eventId = toLong(this.state.nextEventId++);
        s.taskId = toLong(this.host.nextTaskId());
        this.writeEvent(s);
        startedId = Number(s.eventId);
      }
      const e = storedEvent.decode(b.event)!;
      e.eventId = toLong(this.state.nextEventId++);
      e.taskId = toLong(this.host.nextTaskId());
      if (startedId !== undefined) {
        const attrs = e[attributesKey(e.eventType) as keyof typeof e] as { startedEventId?: unknown };
        attrs.startedEventId = startedId;
      }
      this.writeEvent(e);
    }
    return buffered.length;
  }

  /** Removes a buffered TimerFired (a timer canceled by the task that was in flight when it fired). */
  removeBufferedTimerFired(timerId: string): boolean {
    const i = this.state.buffered.findIndex((b) => b.timerId === timerId);
    if (i < 0) return false;
    this.state.buffered.splice(i, 1);
    return true;
  }

  /** Work that must follow all of a task's command events (starting children, signalling others). */
  readonly deferred: (() => void)[] = [];

  /** A status change of an open run (paused, running again): written with its row. */
  setOpenStatus(status: number): void {
    this.row.status = status;
    this.rowChanged = true;
    this.statusChanged = true;
  }

  close(status: number, outcome: CloseOutcome = { final: true }): void {
    this.row.status = status;
    this.row.close_time = this.now;
    this.rowChanged = true;
    this.statusChanged = true;
    this.effects.closed.add(this.row.run_id);
    const s = this.state;
    s.wft = null;
    s.activities = {};
    s.timers = {};
    s.buffered = [];
    s.sticky = null;
    // What the timers timed is gone with the state above; left in place they would fire for nothing, and a
    // time-skipping test server would jump the clock to them while no open run waits.
    this.host.store.deleteRunTimers(this.row.run_id);
    const { runId } = this;
    const taskQueue = this.row.task_queue;
    this.afterCommit(() => {
      this.host.queries.runClosed(runId, taskQueue);
      this.host.updates.runClosed(runId);
    });
    this.host.runClosed(this, status, outcome);
  }

  /** Puts a task in a queue's table, in its place by priority and fairness, and wakes a poller once committed. */
  enqueue(queue: string, kind: TaskKind, ref: number, attempt: number, priority: Priority | null | undefined): void {
    const level = priorityLevel(priority);
    const fairnessKey = priority?.fairnessKey ?? '';
    const pass = this.host.dispatchOrder.passFor({
      namespace: this.row.namespace,
      kind,
      queue,
      level,
      fairnessKey,
      weight: fairnessWeight(priority),
    });
    this.host.store.insertTask({
      namespace: this.row.namespace,
      queue,
      kind,
      run_id: this.row.run_id,
      ref,
      attempt,
      priority: level,
      pass,
      fairness_key: fairnessKey,
      created_at: this.now,
    });
    this.effects.queues.push(queueKey(this.row.namespace, kind, queue));
  }

  /** A durable timer: fires `kind` for this run at `at`, unless the state it refers to has moved on by then. */
  addTimer(at: number, kind: TimerKind, ref: number, attempt: number): void {
    this.host.store.insertTimer(at, this.row.run_id, kind, ref, attempt);
    if (at < this.effects.timerAt) this.effects.timerAt = at;
  }

  /**
   * Removes a timer set with addTimer whose purpose is gone (the task or attempt it timed was answered): a timeout
   * that is mostly answered in time would otherwise fire later, for nothing, in a transaction of its own.
   */
  dropTimer(at: number, kind: TimerKind, ref: number, attempt: number): void {
    this.host.store.deleteTimerAt(at, this.row.run_id, kind, ref, attempt);
  }

  /** Runs `fn` once this transaction is committed (in-memory registries, callers to tell). */
  afterCommit(fn: () => void): void {
    this.effects.after.push(fn);
  }

  /** Sort key used by visibility ordering. */
  get closeSortKey(): number {
    return this.row.close_time ?? OPEN_CLOSE_TIME;
  }
}
