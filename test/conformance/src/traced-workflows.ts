// An order-like workflow for the tracing tests, written for @temporalio/workflow: three activities, a metric from
// workflow code per step. Both workers run it unchanged.
import { metricMeter, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities.js';

const { greet, shout, punctuate } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

export async function tracedOrder(name: string): Promise<string> {
  const steps = metricMeter.createCounter('traced_order_steps', 'steps', 'Activities the traced order finished');
  const a = await greet(name);
  steps.add(1);
  const b = await shout(a);
  steps.add(1);
  const c = await punctuate(b);
  steps.add(1);
  return c;
}
