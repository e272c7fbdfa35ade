// AsyncLocalStorage for workflow code, with the API of Node's, but Durable's own: its stores live in frames that are
// sandbox objects, and only the propagation of the current frame across await and then is borrowed from the host.
// Nothing of the host's AsyncLocalStorage is reachable from workflow code.
import { maybeHostPort } from './host.js';

type Frame = ReadonlyMap<AsyncLocalStorage<unknown>, unknown>;
const NO_FRAME: Frame = new Map();

const currentFrame = (): Frame => (maybeHostPort()?.getFrame() as Frame | undefined) ?? NO_FRAME;

export class AsyncLocalStorage<T> {
  #enabled = true;

  /** The store of the innermost run() of this storage around the current code, or undefined. */
  getStore(): T | undefined {
    if (!this.#enabled) return undefined;
    return currentFrame().get(this as AsyncLocalStorage<unknown>) as T | undefined;
  }

  /** Runs `fn` with `store` as this storage's store, for `fn` and every continuation it starts. */
  run<R, A extends unknown[]>(store: T, fn: (...args: A) => R, ...args: A): R {
    const port = maybeHostPort();
    if (!port) return fn(...args);
    this.#enabled = true;
    const frame = new Map(currentFrame());
    frame.set(this as AsyncLocalStorage<unknown>, store);
    return port.runInFrame(frame, () => fn(...args));
  }

  /** Runs `fn` outside this storage's store. */
  exit<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): R {
    const port = maybeHostPort();
    if (!port) return fn(...args);
    const frame = new Map(currentFrame());
    frame.delete(this as AsyncLocalStorage<unknown>);
    return port.runInFrame(frame, () => fn(...args));
  }

  /** Sets this storage's store for the rest of the current synchronous execution and its continuations. */
  enterWith(store: T): void {
    const port = maybeHostPort();
    if (!port) return;
    this.#enabled = true;
    const frame = new Map(currentFrame());
    frame.set(this as AsyncLocalStorage<unknown>, store);
    port.enterFrame(frame);
  }

  /** getStore() answers undefined until the next run() or enterWith(). */
  disable(): void {
    this.#enabled = false;
  }
}
