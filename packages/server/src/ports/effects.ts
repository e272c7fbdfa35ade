/**
 * What a transaction sets in motion, applied only once its group commit is durable: a failed commit must leave no
 * woken poller, armed timer or changed in-memory registry behind.
 */
export interface Effects {
  /** queue keys that got a task: one poller of each is woken */
  queues: string[];
  /** the earliest durable timer written */
  timerAt: number;
  /** runs whose history grew: their history long polls are woken */
  historyChanged: Set<string>;
  /** runs that closed: long polls waiting for a close event are woken */
  closed: Set<string>;
  /** changes to in-memory registries (updates, queries) and callers to tell */
  after: (() => void)[];
}

export function newEffects(): Effects {
  return { queues: [], timerAt: Infinity, historyChanged: new Set(), closed: new Set(), after: [] };
}
