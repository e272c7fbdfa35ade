// Workflows using the parts of @temporalio/workflow that Durable added for drop-in parity: sinks, log, Trigger,
// default handlers, update info, current details, workflow options, random streams, AsyncLocalStorage, metrics.
// Both workers run them; every history must replay in the official replayer.
import {
  AsyncLocalStorage,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  rootCause,
  Trigger,
  condition,
  currentUpdateInfo,
  defineQuery,
  defineSignal,
  defineUpdate,
  getCurrentDetails,
  getRandomStream,
  log,
  metricMeter,
  proxyActivities,
  proxySinks,
  setCurrentDetails,
  setDefaultQueryHandler,
  setDefaultSignalHandler,
  setDefaultUpdateHandler,
  setHandler,
  setWorkflowOptions,
  sleep,
  workflowInfo,
  type Sinks,
} from '@temporalio/workflow';
import type * as activities from './activities.js';

export interface AuditSinks extends Sinks {
  audit: { record(event: string, detail: number): void };
}
const { audit } = proxySinks<AuditSinks>();

/** Sink calls and log lines, each once, even though the run is replayed after every task (no cache). */
export async function sinksAndLogs(steps: number): Promise<number> {
  for (let i = 1; i <= steps; i++) {
    audit.record('step', i);
    log.info('step done', { step: i });
    metricMeter.createCounter('steps').add(1);
    await sleep(10);
  }
  return steps;
}

export const approve = defineSignal<[string]>('approve');

/** A Trigger resolved from a signal handler; cancelling the workflow rejects it. */
export async function triggered(): Promise<string> {
  const approved = new Trigger<string>();
  setHandler(approve, (by) => approved.resolve(by));
  return `approved by ${await approved}`;
}

export const counter = defineQuery<number>('counter');
export const add = defineUpdate<number, [number]>('add');

/** Default handlers take what has no handler of its own; update handlers know which update they run. */
export async function defaults(): Promise<string[]> {
  const seen: string[] = [];
  let total = 0;
  setHandler(counter, () => total, { description: 'the running total' });
  setHandler(add, (n) => {
    total += n;
    return total;
  }, { description: 'adds to the total' });
  setDefaultSignalHandler((name, ...args) => void seen.push(`signal ${name}(${args.join(',')})`));
  setDefaultQueryHandler((name, ...args) => `default query ${name}(${args.join(',')})`);
  setDefaultUpdateHandler((name, ...args) => {
    const info = currentUpdateInfo();
    seen.push(`update ${name}(${args.join(',')}) id=${info?.id} name=${info?.name}`);
    return seen.length;
  });
  setCurrentDetails('waiting for **done**');
  await condition(() => seen.some((s) => s.startsWith('signal done')));
  return [...seen, `total=${total}`, `details=${getCurrentDetails()}`];
}

class NotYetError extends Error {}

/** Declared to fail the workflow (not the task) when NotYetError escapes. */
export async function failsOnDeclaredError(): Promise<never> {
  throw new NotYetError('declared failure type');
}
setWorkflowOptions({ failureExceptionTypes: [NotYetError] }, failsOnDeclaredError);

const requestId = new AsyncLocalStorage<string>();

/**
 * Named random streams and a workflow AsyncLocalStorage that follows awaits. The activity id comes from a named
 * stream, so a replayer deriving the stream differently would see another command.
 */
export async function streamsAndStorage(): Promise<{ streamA: number; streamB: number; main: number; carried: string[]; greeting: string }> {
  const a = getRandomStream('plugin-a').random();
  const b = getRandomStream('plugin-b').random();
  const main = Math.random();
  const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', activityId: getRandomStream('ids').uuid4() });
  const greeting = await greet('streams');
  const carried = await Promise.all(
    ['x', 'y'].map((id) =>
      requestId.run(id, async () => {
        await sleep(5);
        return `${id}:${requestId.getStore()}`;
      }),
    ),
  );
  return { streamA: a, streamB: b, main, carried, greeting };
}

/** What workflowInfo says about itself, for comparison across SDKs. */
export async function infoShape(): Promise<string[]> {
  const info = workflowInfo();
  if (info.unsafe.isReplaying !== info.unsafe.isReplayingHistoryEvents) throw ApplicationFailure.nonRetryable('replay flags disagree');
  return Object.keys(info).sort();
}

export const cancelBooking = defineSignal('cancelBooking');
const booking = proxyActivities<{ bookLater(item: string): Promise<string> }>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '30s' });

/** Activities completed from outside the worker (AsyncCompletionClient): completed, failed, and cancelled. */
export async function asyncCompletion(): Promise<string[]> {
  const out = [await booking.bookLater('by-token')];
  try {
    await booking.bookLater('to-fail');
  } catch (err) {
    out.push(`failed: ${rootCause(err)}`);
  }
  const scope = new CancellationScope();
  setHandler(cancelBooking, () => scope.cancel());
  try {
    await scope.run(() => booking.bookLater('to-cancel'));
  } catch (err) {
    out.push(isCancellation(err) ? 'cancelled' : `unexpected: ${String(err)}`);
  }
  return out;
}
