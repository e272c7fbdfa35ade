// Replaying a recorded history against the current workflow code: the check to run before deploying a change.
import { temporal } from '@durable/proto';
import { loadDataConverter, type DataConverter } from '@durable/common';
import type { WorkflowSandbox } from '@durable/workflow/sandbox';
import { bundleWorkflowCode, type BundlerPlugin } from './bundler.js';
import { decodeEvents } from './codec.js';
import { commandOrigin, describeCommand } from './commands.js';
import { DeterminismViolationError, ReplayError } from './errors.js';
import { WorkflowRun, withSourceLine } from './workflow-run.js';
import { Runtime } from './runtime.js';
import { SinkCaller, initLoggerSink, type InjectedSinks } from './sinks.js';
import type { Sinks } from '@durable/workflow';

type History = temporal.api.history.v1.IHistory;

export interface ReplayWorkerOptions {
  workflowsPath?: string;
  workflowBundle?: { code: string };
  dataConverter?: DataConverter;
  /** Only the sink functions marked callDuringReplay are called while replaying. */
  sinks?: InjectedSinks<Sinks>;
  workflowFailureErrorTypes?: string[];
  /** Interceptors: modules bundled into the workflow code. */
  interceptors?: { workflowModules?: string[] };
  /** Called with each workflow task's started event id, before the task is replayed (the debug replayer). */
  onWorkflowTaskStarted?: (eventId: number) => void;
  /** Applied in order to these options (configureReplayWorker), and to the bundle's (configureBundler). */
  plugins?: ReplayPlugin[];
}

/** What a replay asks of a plugin (every WorkerPlugin is one). */
export interface ReplayPlugin extends BundlerPlugin {
  /** Returns the replay options to use in place of `options`. */
  configureReplayWorker?(options: ReplayWorkerOptions): ReplayWorkerOptions;
}

export interface ReplayResult {
  readonly workflowId: string;
  readonly runId: string;
  /** DeterminismViolationError when the code disagrees with the history, ReplayError for any other failure. */
  readonly error?: ReplayError | DeterminismViolationError;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DURATION = /^-?\d+(\.\d+)?s$/;

function toTimeParts(seconds: number): { seconds: number; nanos: number } {
  const whole = Math.floor(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}

// proto3 JSON (what `temporal workflow show --output json` and the official SDK write) -> protobufjs object form.
function fromProto3Json(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => fromProto3Json(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromProto3Json(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (TIMESTAMP.test(value)) return toTimeParts(Date.parse(value) / 1000);
  if (DURATION.test(value)) return toTimeParts(parseFloat(value));
  // Older tools wrote event types as 'WorkflowExecutionStarted'.
  if (key === 'eventType' && /^[A-Z][a-z]/.test(value)) return `EVENT_TYPE_${value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  return value;
}

/** A history from its proto3 JSON form (or a History already decoded). */
export function historyFromJSON(history: unknown): History {
  const given = history as History | null;
  // Already decoded (e.g. from fetchHistory): enum fields are numbers.
  if (Array.isArray(given?.events) && (given.events.length === 0 || typeof given.events[0]?.eventType === 'number')) return given;
  const obj = fromProto3Json(history) as Record<string, unknown>;
  if (!obj || !Array.isArray(obj.events)) throw new TypeError('A history must be an object with an events array');
  return temporal.api.history.v1.History.fromObject(obj);
}

export async function loadReplayBundle(options: ReplayWorkerOptions): Promise<string> {
  if (options.workflowBundle) return options.workflowBundle.code;
  if (options.workflowsPath) return (await bundleWorkflowCode({ workflowsPath: options.workflowsPath, workflowInterceptorModules: options.interceptors?.workflowModules, plugins: options.plugins })).code;
  throw new TypeError('Replay needs workflowsPath or workflowBundle');
}

/** Replays one history; throws DeterminismViolationError (or the workflow task's error) when the code disagrees. Answers the run id. */
export async function replayHistory(sandbox: WorkflowSandbox, options: ReplayWorkerOptions, history: unknown, workflowId?: string): Promise<string> {
  const events = historyFromJSON(history).events ?? [];
  const logger = Runtime.instance().logger;
  const sinks = new SinkCaller({ ...initLoggerSink(logger), ...options.sinks }, logger, true);
  const first = events[0]?.workflowExecutionStartedEventAttributes;
  if (!first) throw new TypeError('A history must start with WorkflowExecutionStarted');
  const list = [...events];
  await decodeEvents(loadDataConverter(options.dataConverter).payloadCodecs, list);
  const identity = {
    namespace: 'default',
    taskQueue: first.taskQueue?.name ?? '',
    workflowId: workflowId ?? first.workflowId ?? 'replay',
    runId: first.originalExecutionRunId ?? '',
  };
  const replay = (stacksWhileReplaying: boolean): WorkflowRun => {
    const createRun = () =>
      sandbox.createRun({ replaySinks: sinks.replaySinkNames(), failureErrorTypeNames: options.workflowFailureErrorTypes ?? [], stacksWhileReplaying });
    // The second replay (for source lines) is not one the debugger steps through.
    return new WorkflowRun(identity, createRun(), stacksWhileReplaying ? undefined : options.onWorkflowTaskStarted);
  };
  const run = replay(false);
  try {
    applyAll(run, list);
  } catch (err) {
    if (err instanceof DeterminismViolationError) throw await withSourceLine(err, () => applyAll(replay(true), list));
    throw err;
  } finally {
    await Promise.all(sinks.call(run.takeSinkCalls()));
  }
  return run.id.runId;
}

/** Applies a whole history; a command the code emitted beyond it is a DeterminismViolationError too. */
function applyAll(run: WorkflowRun, events: temporal.api.history.v1.IHistoryEvent[]): void {
  run.applyHistory(events, { liveTask: false });
  const extra = run.unmatchedCommands()[0];
  if (extra) {
    throw new DeterminismViolationError(`${run.describe()}: the code emitted ${describeCommand(extra)}${commandOrigin(extra)}, which the history does not have`, {
      eventId: run.lastEventId,
      eventType: 'none',
      command: describeCommand(extra),
    });
  }
}

/** A replay's outcome as runReplayHistories reports it: any failure other than non-determinism becomes a ReplayError. */
export function replayFailure(err: unknown): ReplayError | DeterminismViolationError {
  if (err instanceof DeterminismViolationError) return err;
  return new ReplayError(`Replay failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
