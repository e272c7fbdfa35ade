/**
 * @durable/worker: runs workflows (in a deterministic sandbox) and activities from a task queue.
 */
export {};
