// Workflows written for the official @temporalio/workflow, run by the official worker against our server.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  executeChild,
  startChild,
  continueAsNew,
  getExternalWorkflowHandle,
  ChildWorkflowFailure,
  deprecatePatch,
  log,
  patched,
  setCurrentDetails,
  setDefaultSignalHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  defineUpdate,
  allHandlersFinished,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  uuid4,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type * as activities from './activities.js';
import type * as operated from './operated-activities.js';

const { greet, shout, punctuate } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

export async function threeActivities(name: string): Promise<string> {
  const a = await greet(name);
  const b = await shout(a);
  return await punctuate(b);
}

const { failsOnce } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '100ms', backoffCoefficient: 1 },
});

export async function retryOnce(key: string): Promise<string> {
  return await failsOnce(key);
}

const { failsForGood } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '100ms', maximumAttempts: 5 },
});

export async function nonRetryable(key: string): Promise<string> {
  return await failsForGood(key);
}

const { heartbeatThenHang } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '1s',
  retry: { initialInterval: '100ms', maximumAttempts: 3 },
});

export async function heartbeatTimeout(key: string): Promise<unknown> {
  return await heartbeatThenHang(key);
}

const { waitForCancel } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '2s',
  cancellationType: 'WAIT_CANCELLATION_COMPLETED',
});

export async function cancelActivity(key: string): Promise<string> {
  try {
    await CancellationScope.cancellable(async () => {
      const p = waitForCancel(key);
      await sleep(300);
      CancellationScope.current().cancel();
      await p;
    });
    return 'not cancelled';
  } catch (err) {
    if (err instanceof ActivityFailure && isCancellation(err)) return 'activity cancelled';
    throw err;
  }
}

export async function timer(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

export const approve = defineSignal<[string]>('approve');
export const status = defineQuery<string>('status');

export async function approval(): Promise<string> {
  let approvedBy: string | undefined;
  let state = 'waiting';
  setHandler(approve, (who: string) => {
    approvedBy = who;
  });
  setHandler(status, () => state);
  await condition(() => approvedBy !== undefined);
  state = 'approved';
  // Stay open a moment so a query can see the new state.
  await condition(() => false, '200ms');
  return `approved by ${approvedBy}`;
}

export async function conditionTimeout(): Promise<string> {
  const met = await condition(() => false, '300ms');
  return met ? 'met' : 'timed out';
}

/** Returns its argument: what a caller sent is what the workflow received. */
export async function echo(value: unknown): Promise<unknown> {
  return { received: value, type: Array.isArray(value) ? 'array' : typeof value };
}

export async function waitForever(): Promise<void> {
  await condition(() => false);
}

export async function failing(message: string): Promise<void> {
  throw ApplicationFailure.create({ message, type: 'BusinessError', nonRetryable: true });
}

const { failsOnce: failsOnceSlowly } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1500ms', backoffCoefficient: 1 },
});

export async function slowRetry(key: string): Promise<string> {
  return await failsOnceSlowly(key);
}

/** Activity ids drawn from Math.random and uuid4: replaying elsewhere checks both SDKs draw the same values. */
export async function randomIds(): Promise<string[]> {
  const byRandom = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', activityId: `r-${Math.random()}` });
  const byUuid = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', activityId: `u-${uuid4()}` });
  return [await byRandom.greet('a'), await byUuid.greet('b'), String(Date.now())];
}

export const addItem = defineUpdate<number, [number]>('addItem');
export const checkout = defineSignal('checkout');

/** A cart whose items arrive as updates (validated: no negative amounts); returns the total at checkout. */
export async function cart(): Promise<number> {
  let total = 0;
  let done = false;
  setHandler(
    addItem,
    async (amount: number) => {
      await sleep(5);
      total += amount;
      return total;
    },
    {
      validator: (amount: number) => {
        if (amount < 0) throw new Error(`amount must not be negative, got ${amount}`);
      },
    },
  );
  setHandler(checkout, () => {
    done = true;
  });
  await condition(() => done && allHandlersFinished());
  return total;
}

/** New code behind a patch: runs that recorded the patch take the new path on replay. */
export async function patchedFlow(): Promise<string> {
  deprecatePatch('old-cleanup');
  if (patched('v2-greeting')) {
    await sleep(1);
    return 'new path';
  }
  return 'old path';
}

/** Signals without their own handler reach the default handler, in order. */
export async function defaultSignals(): Promise<string[]> {
  const got: string[] = [];
  setDefaultSignalHandler((name: string, ...args: unknown[]) => {
    got.push(`${name}:${args.join(',')}`);
  });
  await condition(() => got.length >= 2);
  return got;
}

/** Search attributes and memo changed from inside the workflow, visible to list queries and describe. */
export async function upserts(region: string): Promise<unknown> {
  log.info('upserting', { region });
  upsertSearchAttributes({ Region: [region] });
  upsertMemo({ note: 'updated' });
  await sleep(1);
  return { memo: workflowInfo().memo, region: workflowInfo().searchAttributes.Region };
}

/** A non-cancellable scope finishes its work even when the workflow is cancelled meanwhile. */
export async function shielded(): Promise<string> {
  let finished = false;
  try {
    await CancellationScope.nonCancellable(async () => {
      await sleep(300);
      finished = true;
    });
    await sleep(10_000);
    return 'not cancelled';
  } catch (err) {
    if (isCancellation(err)) return finished ? 'shielded work finished, then cancelled' : 'shielded work interrupted';
    throw err;
  }
}

export async function childGreeter(name: string): Promise<string> {
  return `child greets ${name} from ${workflowInfo().parent?.workflowId}`;
}

export async function failingChild(): Promise<void> {
  throw ApplicationFailure.nonRetryable('child broke', 'ChildError');
}

/** Two children in parallel; their results in order. */
export async function parentOfTwo(): Promise<string[]> {
  return Promise.all([executeChild(childGreeter, { args: ['a'] }), executeChild(childGreeter, { args: ['b'] })]);
}

export async function parentSeesChildFailure(): Promise<string> {
  try {
    await executeChild(failingChild);
    return 'child succeeded';
  } catch (err) {
    if (err instanceof ChildWorkflowFailure && err.cause instanceof ApplicationFailure) return `${err.cause.type}: ${err.cause.message}`;
    throw err;
  }
}

/** Starts a long-running child with the given close policy, then ends (applying the policy). */
export async function parentWithPolicy(policy: 'TERMINATE' | 'REQUEST_CANCEL' | 'ABANDON', childId: string): Promise<string> {
  await startChild(waitForever, { workflowId: childId, parentClosePolicy: policy });
  return 'parent done';
}

/** A second child with an id that is already running. */
export async function childIdConflict(childId: string): Promise<string> {
  await startChild(waitForever, { workflowId: childId, parentClosePolicy: 'TERMINATE' });
  try {
    await startChild(waitForever, { workflowId: childId });
    return 'no conflict';
  } catch (err) {
    return err instanceof WorkflowExecutionAlreadyStartedError ? `conflict on ${err.workflowId}` : `unexpected ${String(err)}`;
  }
}

export async function continuesAsNew(n: number): Promise<string> {
  if (n < 3) await continueAsNew<typeof continuesAsNew>(n + 1);
  return `run ${n}, continued from ${workflowInfo().continuedFromExecutionRunId ? 'another run' : 'nothing'}`;
}

/** Fails its first two attempts; the workflow retry policy runs it again. */
export async function failsTwice(): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt < 3) throw ApplicationFailure.retryable(`attempt ${attempt} fails`, 'Flaky');
  return attempt;
}

export async function cronTick(): Promise<string> {
  return `tick after ${JSON.stringify(workflowInfo().lastResult ?? null)}`;
}

export async function signalsExternal(targetId: string): Promise<string> {
  await getExternalWorkflowHandle(targetId).signal(approve, 'a workflow');
  try {
    await getExternalWorkflowHandle(`${targetId}-missing`).signal(approve, 'nobody');
    return 'missing target signalled?';
  } catch (err) {
    return `sent; missing target: ${(err as Error).message}`;
  }
}

export async function cancelsExternal(targetId: string): Promise<string> {
  await getExternalWorkflowHandle(targetId).cancel();
  return 'cancel requested';
}

const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5s', retry: { initialInterval: '50ms' } });

/** Local activities: run inside the workflow task, recorded as markers. */
export async function localSteps(name: string, key: string): Promise<string> {
  const greeting = await local.greet(name);
  const retried = await local.failsOnce(key);
  await sleep(1);
  return `${greeting}; ${retried}`;
}

const { heartbeatsUntilStopped } = proxyActivities<typeof operated>({
  startToCloseTimeout: '60s',
  // The worker sends heartbeats at most every 0.8 of this: short, so a pause or cancel is seen soon.
  heartbeatTimeout: '1s',
  retry: { initialInterval: '50ms', backoffCoefficient: 1 },
});

export async function operatedActivity(key: string): Promise<string> {
  return await heartbeatsUntilStopped(key);
}

/** Sleeps in a loop until the server suggests continue-as-new; says where that happened. */
export async function loopsUntilSuggested(): Promise<{ historyLength: number; historySize: number }> {
  for (;;) {
    await sleep(1);
    const info = workflowInfo();
    if (info.continueAsNewSuggested) return { historyLength: info.historyLength, historySize: info.historySize };
  }
}

/** A loop that never ends: its history grows until the server stops it. */
export async function loopsForever(): Promise<void> {
  for (;;) await sleep(1);
}

/** Each round trip puts the chunk (repeated `times`) into history twice: activity input and result. */
export async function growsHistory(chunk: string, times = 1): Promise<void> {
  for (;;) await greet(chunk.repeat(times));
}

/** Schedules `n` activities at once. */
export async function manyActivities(n: number): Promise<string[]> {
  return await Promise.all(Array.from({ length: n }, (_, i) => greet(String(i))));
}

/** User metadata from inside a workflow: an activity's and a timer's summary, a child's static summary and
 * details, and current details for the metadata query. */
export async function summarized(name: string): Promise<string> {
  setCurrentDetails(`greeting ${name}`);
  const { greet: summarizedGreet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', summary: 'greet the user' });
  const greeting = await summarizedGreet(name);
  await sleep(1, { summary: 'a short nap' });
  const child = await executeChild(summarizedChild, {
    workflowId: `${workflowInfo().workflowId}-child`,
    staticSummary: 'the child',
    staticDetails: 'started by **summarized**',
  });
  setCurrentDetails(`done: ${greeting} ${child}`);
  return `${greeting} ${child}`;
}

export async function summarizedChild(): Promise<string> {
  return 'and child';
}

export const slowUpdate = defineUpdate<string>('slowUpdate');
export const finish = defineSignal<['complete' | 'continue']>('finish');

/** Accepts an update whose handler never finishes, then completes or continues as new when told to. */
export async function closesDuringUpdate(): Promise<string> {
  let how: 'complete' | 'continue' | undefined;
  setHandler(
    slowUpdate,
    async () => {
      await condition(() => false);
      return 'never';
    },
    { unfinishedPolicy: 'ABANDON' },
  );
  setHandler(finish, (h) => {
    how = h;
  });
  await condition(() => how !== undefined);
  if (how === 'continue') await continueAsNew<typeof closesDuringUpdate>();
  return 'closed';
}

/** The search attributes the workflow sees, typed by the payloads' type metadata: name, type and value. */
export async function readsTypedSearchAttributes(): Promise<string[]> {
  const deadline = workflowInfo().typedSearchAttributes.get(defineSearchAttributeKey('Deadline', 'DATETIME'));
  return [
    ...workflowInfo()
      .typedSearchAttributes.getAll()
      .map((p) => `${p.key.name}:${p.key.type}`)
      .sort(),
    deadline instanceof Date ? deadline.toISOString() : String(deadline),
  ];
}

/** A child with its own priority; returns what the child saw. */
export async function childWithPriority(): Promise<number | undefined> {
  return await executeChild(ownPriority, { workflowId: `${workflowInfo().workflowId}-child`, priority: { priorityKey: 2 } });
}

export async function ownPriority(): Promise<number | undefined> {
  return workflowInfo().priority?.priorityKey;
}

/** A child that outlives its execution timeout; returns the retry state its failure reports. */
export async function childTimesOut(): Promise<string | undefined> {
  try {
    await executeChild(waitForever, { workflowId: `${workflowInfo().workflowId}-child`, workflowExecutionTimeout: '200ms', retry: { maximumAttempts: 1 } });
    return 'not timed out';
  } catch (err) {
    if (err instanceof ChildWorkflowFailure) return err.retryState ?? undefined;
    throw err;
  }
}

/** What the worker learns of its run's timeouts and root. */
export async function ownTimeoutsAndRoot(): Promise<unknown> {
  const info = workflowInfo();
  return { runTimeoutMs: info.runTimeoutMs ?? null, executionTimeoutMs: info.executionTimeoutMs ?? null, root: info.root?.workflowId ?? null };
}

export async function childReportsTimeoutsAndRoot(): Promise<unknown> {
  return await executeChild(ownTimeoutsAndRoot, { workflowId: `${workflowInfo().workflowId}-child` });
}
