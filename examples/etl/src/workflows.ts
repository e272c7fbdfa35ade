// Extract, transform, load, validate, notify. Each step is an activity; a transient failure (the warehouse timing
// out) is retried by the server with backoff, bad data fails the pipeline at once.
import { proxyActivities } from '@durable/workflow';
import type { EtlActivities } from './activities.js';

const { extract, transform, load, validate, notify } = proxyActivities<EtlActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '100ms', backoffCoefficient: 2, maximumAttempts: 5, nonRetryableErrorTypes: ['BadRow'] },
});

export async function etlWorkflow(batch: string, table: string): Promise<{ rows: number }> {
  const raw = await extract(batch);
  const clean = await transform(raw);
  await load(table, clean);
  const rows = await validate(table, clean.length);
  await notify(`batch ${batch}: ${rows} rows loaded into ${table}`);
  return { rows };
}
