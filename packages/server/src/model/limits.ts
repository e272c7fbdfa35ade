/** A workflow task's start-to-close timeout when the start request gives none (Temporal's default). */
export const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 10_000;
