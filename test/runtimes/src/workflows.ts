// The core scenarios each runtime runs: an activity retried by the server, a timer, signals, a child workflow and
// continue-as-new. Each result shows that its feature worked.
import { condition, continueAsNew, defineSignal, executeChild, proxyActivities, setHandler, sleep } from '@durable/workflow';
import type * as activities from './activities.js';

const { failTwice } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 5 },
});

/** Succeeds on the activity's third attempt: the server retried it twice. */
export async function retried(): Promise<string> {
  return `succeeded on attempt ${await failTwice()}`;
}

/** Sleeps on a durable timer and says how long the workflow clock moved. */
export async function timer(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

export const addItem = defineSignal<[string]>('addItem');

/** Collects signals until it has `count` of them, in the order they arrived. */
export async function signals(count: number): Promise<string[]> {
  const items: string[] = [];
  setHandler(addItem, (item) => void items.push(item));
  await condition(() => items.length >= count);
  return items;
}

export async function child(name: string): Promise<string> {
  return `hello ${name} from the child`;
}

export async function parent(name: string): Promise<string> {
  return `parent got: ${await executeChild(child, { args: [name], workflowId: `child-of-${name}` })}`;
}

/** Continues as new until `runs` runs have passed the count along. */
export async function counter(runs: number, count = 1): Promise<number> {
  if (count < runs) await continueAsNew<typeof counter>(runs, count + 1);
  return count;
}
