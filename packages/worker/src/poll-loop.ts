// The long-poll loop both workers run: take a slot, poll, hand a task off, back off on errors.
import type { Logger } from './logger.js';
import type { SlotInfo, Slots } from './tuner.js';

export interface PollLoop<T> {
  slots: Slots;
  /** What a task is, for slot suppliers that track it. */
  slotInfo(task: T): SlotInfo;
  inFlight: Set<Promise<void>>;
  logger: Logger;
  /** For log lines: which poll failed. */
  what: string;
  stopping(): boolean;
  poll(): Promise<T>;
  /** Long polls that time out answer an empty task. */
  isEmpty(task: T): boolean;
  handle(task: T): Promise<void>;
}

export async function pollLoop<T>(l: PollLoop<T>): Promise<void> {
  let backoff = 100;
  while (!l.stopping()) {
    const permit = await l.slots.acquire();
    if (l.stopping()) {
      l.slots.release(permit);
      break;
    }
    let task: T;
    try {
      task = await l.poll();
      backoff = 100;
    } catch (err) {
      l.slots.release(permit);
      if (l.stopping()) break;
      l.logger.log('WARN', `${l.what} poll failed`, { error: (err as Error).message });
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 5000);
      continue;
    }
    if (l.isEmpty(task)) {
      l.slots.release(permit);
      continue;
    }
    const info = l.slotInfo(task);
    l.slots.markUsed(permit, info);
    const p = l.handle(task).finally(() => {
      l.slots.release(permit, info);
      l.inFlight.delete(p);
    });
    l.inFlight.add(p);
  }
}
