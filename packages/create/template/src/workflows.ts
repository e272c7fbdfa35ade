// Workflow code runs in a deterministic sandbox: every activity call, timer and signal below is recorded in the
// workflow's history, so after a crash or a restart the worker replays the history and carries on where it stopped.
// Keep I/O out of here: call activities for it.
import { proxyActivities } from '@durable/workflow';
import type * as activities from './activities.js';

const { composeGreeting } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

export async function greeting(name: string): Promise<string> {
  return await composeGreeting('Hello', name);
}
