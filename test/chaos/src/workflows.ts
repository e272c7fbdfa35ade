// The workflow the chaos tests run by the hundred: an activity, a timer, three signals, another activity. Its result
// lists the signals as they arrived and the attempt of each activity that counted, so a duplicate or a loss shows.
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@durable/workflow';
import type * as activities from './activities.js';

const { step } = proxyActivities<typeof activities>({
  // Short, so an attempt lost with a killed worker or server is retried soon.
  startToCloseTimeout: '2 seconds',
  retry: { initialInterval: '100ms', backoffCoefficient: 1.5, maximumInterval: '1 second' },
});

export const item = defineSignal<[string]>('item');

export interface ChaosResult {
  id: string;
  /** `name:id:attempt` of each activity */
  steps: string[];
  signals: string[];
}

export async function chaosWorkflow(id: string, sleepMs: number, signalCount: number): Promise<ChaosResult> {
  const signals: string[] = [];
  setHandler(item, (value) => void signals.push(value));
  const first = await step(id, 'a');
  await sleep(sleepMs);
  await condition(() => signals.length >= signalCount);
  const second = await step(id, 'b');
  return { id, steps: [first, second], signals };
}
