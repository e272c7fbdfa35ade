// Task queue configuration set with UpdateTaskQueueConfig (a queue-wide dispatch rate limit, a default per
// fairness key, weight overrides), kept in the database, and the token buckets that enforce the rate limits.
import type { temporal } from '@durable/proto';
import { storedTaskQueueConfig } from '../model/codecs.js';
import type { Store } from '../persistence/store.js';
import { queueKey } from './matching.js';

type Config = temporal.api.taskqueue.v1.ITaskQueueConfig;

/** A bucket of dispatch tokens refilled at `rate` per second, holding at most one second's worth (at least one). */
class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private rate: number,
    now: number,
  ) {
    this.tokens = Math.max(1, rate);
    this.at = now;
  }

  setRate(rate: number): void {
    this.rate = rate;
  }

  /** Milliseconds until a token is there (0: now). */
  wait(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    if (this.rate <= 0) return Infinity;
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
  }
}

export class TaskQueueConfigs {
  private readonly cache = new Map<string, Config | null>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly store: Pick<Store, 'getTaskQueueConfig' | 'putTaskQueueConfig'>) {}

  get(namespace: string, kind: number, queue: string): Config | undefined {
    const key = queueKey(namespace, kind, queue);
    let c = this.cache.get(key);
    if (c === undefined) {
      const text = this.store.getTaskQueueConfig(namespace, kind, queue);
      c = storedTaskQueueConfig.decode(text) ?? null;
      this.cache.set(key, c);
    }
    return c ?? undefined;
  }

  put(namespace: string, kind: number, queue: string, config: Config): void {
    this.store.putTaskQueueConfig(namespace, kind, queue, storedTaskQueueConfig.encode(config));
    this.cache.set(queueKey(namespace, kind, queue), config);
  }

  /** Milliseconds a poller of the queue must wait before it may be handed a task at `rate` per second. */
  dispatchWait(key: string, rate: number | undefined, now: number): number {
    if (rate === undefined) {
      this.buckets.delete(key);
      return 0;
    }
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(rate, now)));
    b.setRate(rate);
    return b.wait(now);
  }

  /** A task was handed out under the queue's limit. */
  dispatched(key: string, now: number): void {
    this.buckets.get(key)?.take(now);
  }
}
