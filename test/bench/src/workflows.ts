import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities.js';

const { reserve, charge, confirm } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

/** The seed's order workflow: three activities in a row. */
export async function order(id: string): Promise<string> {
  await reserve(id);
  await charge(id);
  return await confirm(id);
}
