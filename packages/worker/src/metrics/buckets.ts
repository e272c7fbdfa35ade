// The histogram buckets the official SDK's native core gives its own latency metrics (in milliseconds; divided by
// 1000 when durations are exported in seconds), and the default of every other histogram.
const MS_BUCKETS: Record<string, number[]> = {
  workflow_endtoend_latency: [100, 500, 1000, 1500, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 30_600_000, 86_400_000],
  workflow_task_execution_latency: [1, 10, 20, 50, 100, 200, 500, 1000],
  workflow_task_replay_latency: [1, 10, 20, 50, 100, 200, 500, 1000],
  activity_execution_latency: [50, 100, 500, 1000, 5000, 10_000, 60_000],
  workflow_task_schedule_to_start_latency: [100, 500, 1000, 5000, 10_000, 100_000, 1_000_000],
  activity_schedule_to_start_latency: [100, 500, 1000, 5000, 10_000, 100_000, 1_000_000],
};
const DEFAULT_MS = [50, 100, 500, 1000, 2500, 10_000];

/** The buckets of a histogram by its name without prefix. */
function defaultBuckets(name: string, seconds: boolean): number[] {
  const ms = MS_BUCKETS[name] ?? DEFAULT_MS;
  return seconds ? ms.map((b) => b / 1000) : ms;
}

/**
 * A histogram's buckets: an override by its full name or by its name without the SDK's prefix, else the default for
 * that name.
 */
export function histogramBuckets(name: string, prefix: string, overrides: Record<string, number[]>, seconds: boolean): number[] {
  const base = name.startsWith(prefix) ? name.slice(prefix.length) : name;
  return overrides[name] ?? overrides[base] ?? defaultBuckets(base, seconds);
}
