// Workflows for our worker that use what @durable/workflow gained with issue 16 (official names, our import): a
// declared versioning behavior, priorities and summaries on activities, timers and children, and the history
// figures of workflowInfo().
import { condition, defineSignal, executeChild, proxyActivities, setHandler, setWorkflowOptions, sleep, workflowInfo } from '@durable/workflow';
import type * as activities from './durable-activities.js';

const approve = defineSignal<[string]>('approve');

/** Waits for an approval; declares AUTO_UPGRADE whatever the worker's default behavior is. */
export async function upgradingApproval(): Promise<string> {
  let approvedBy: string | undefined;
  setHandler(approve, (who: string) => {
    approvedBy = who;
  });
  await condition(() => approvedBy !== undefined);
  return `approved by ${approvedBy}`;
}
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, upgradingApproval);

/** Schedules one activity per priority key on `taskQueue`, all at once, and returns their results in call order. */
export async function prioritizedActivities(taskQueue: string, keys: number[]): Promise<string[]> {
  return Promise.all(
    keys.map((priorityKey) =>
      proxyActivities<typeof activities>({ taskQueue, startToCloseTimeout: '10s', priority: { priorityKey }, summary: `priority ${priorityKey}` }).greet(String(priorityKey)),
    ),
  );
}

/** An activity, a timer and a child, each with a summary; returns what workflowInfo() says about the history. */
export async function summarized(): Promise<{ historyLength: number; historySize: number; continueAsNewSuggested: boolean; child: string }> {
  const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', summary: 'greets the parent' });
  await greet('parent');
  await sleep(1, { summary: 'a short nap' });
  const child = await executeChild(childOfSummarized, {
    args: ['kid'],
    staticSummary: 'the child',
    staticDetails: 'started by **summarized**',
    priority: { priorityKey: 2 },
  });
  const { historyLength, historySize, continueAsNewSuggested } = workflowInfo();
  return { historyLength, historySize, continueAsNewSuggested, child };
}

export async function childOfSummarized(name: string): Promise<string> {
  return `${name} with priority ${workflowInfo().priority?.priorityKey}`;
}

/** Loops on timers until the server suggests continuing as new; returns the history length when it did. */
export async function untilSuggested(): Promise<number> {
  while (!workflowInfo().continueAsNewSuggested) await sleep(1);
  return workflowInfo().historyLength;
}
