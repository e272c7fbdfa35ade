// Fair dispatch within a priority level (stride scheduling): each fairness key's tasks get passes 1/weight apart,
// starting no earlier than the level's virtual time, and the queue hands out the lowest pass first. A key with
// weight 2 gets two tasks dispatched for every one of a key with weight 1 while both have a backlog; a key that
// was idle starts at the current virtual time instead of jumping ahead with credit it did not use. With one key
// (no fairness keys given) passes rise by one per task: first in, first out.
import type { Store } from '../persistence/store.js';
import type { TaskKind } from '../model/rows.js';
import { queueKey } from './matching.js';

export interface TaskPlace {
  namespace: string;
  kind: TaskKind;
  queue: string;
  /** 1..5 */
  level: number;
  fairnessKey: string;
  weight: number;
}

export class DispatchOrder {
  /** per queue and level: the pass of the last dispatched task */
  private readonly virtualTime = new Map<string, number>();
  /** per queue, level and fairness key: the pass of its last task */
  private readonly lastPass = new Map<string, number>();
  constructor(
    private readonly store: Pick<Store, 'minTaskPass' | 'maxKeyPass'>,
    /** a queue's weight for a fairness key set with UpdateTaskQueueConfig, which wins over the task's own */
    private readonly weightOverride: (namespace: string, kind: TaskKind, queue: string, fairnessKey: string) => number | undefined = () => undefined,
  ) {}

  /** The pass of a new task; remembered at once (a rolled-back task only leaves a gap in its key's passes). */
  passFor(p: TaskPlace): number {
    const level = `${queueKey(p.namespace, p.kind, p.queue)}\u0000${p.level}`;
    const key = `${level}\u0000${p.fairnessKey}`;
    const vt = this.levelTime(level, p);
    let last = this.lastPass.get(key);
    if (last === undefined) last = this.store.maxKeyPass(p.namespace, p.queue, p.kind, p.level, p.fairnessKey) ?? 0;
    const override = this.weightOverride(p.namespace, p.kind, p.queue, p.fairnessKey);
    const pass = Math.max(vt, last) + 1 / (override && override > 0 ? override : p.weight);
    this.lastPass.set(key, pass);
    return pass;
  }

  /** A task at `pass` was handed to a worker: the level's virtual time moves up to it. */
  dispatched(namespace: string, kind: TaskKind, queue: string, level: number, pass: number): void {
    const key = `${queueKey(namespace, kind, queue)}\u0000${level}`;
    this.virtualTime.set(key, Math.max(this.virtualTime.get(key) ?? 0, pass));
  }

  private levelTime(level: string, p: TaskPlace): number {
    let vt = this.virtualTime.get(level);
    if (vt === undefined) {
      // After a restart: just below the oldest stored task, so new work queues behind the backlog's head.
      vt = Math.max(0, (this.store.minTaskPass(p.namespace, p.queue, p.kind, p.level) ?? 0) - 1);
      this.virtualTime.set(level, vt);
    }
    return vt;
  }
}
