import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as activities from './activities.js';

const { reserve, charge, confirm } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

/** The seed's order workflow: three activities in a row. */
export async function order(id: string): Promise<string> {
  await reserve(id);
  await charge(id);
  return await confirm(id);
}

/** Waits for a signal: keeps one run open in the worker's cache (memory per cached run). */
export async function idle(): Promise<void> {
  let go = false;
  setHandler(defineSignal('go'), () => {
    go = true;
  });
  await condition(() => go);
}

/** Many timers in parallel batches: a long history quickly (replay speed). */
export async function manyTimers(batches: number, perBatch: number): Promise<number> {
  for (let b = 0; b < batches; b++) await Promise.all(Array.from({ length: perBatch }, () => sleep(1)));
  return batches * perBatch;
}

export async function noop(): Promise<string> {
  return 'done';
}
