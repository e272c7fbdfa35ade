// Named deterministic random streams: derived from the run's seed and a stable name, without drawing from the
// run's own Math.random sequence (for plugins and interceptors that need private, replay-stable randomness).
import { currentActivator } from '../runtime/state.js';
import { fillWithRandom, uuid4FromRandom } from '../runtime/random.js';

export interface WorkflowRandomStream {
  random(): number;
  uuid4(): string;
  fill(bytes: Uint8Array): Uint8Array;
  /** Runs `fn` with Math.random() and uuid4() drawing from this stream (its continuations included). */
  with<T>(fn: () => T): T;
}

class Stream implements WorkflowRandomStream {
  constructor(private readonly draw: () => number) {}
  random(): number {
    return this.draw();
  }
  uuid4(): string {
    return uuid4FromRandom(() => this.random());
  }
  fill(bytes: Uint8Array): Uint8Array {
    return fillWithRandom(() => this.random(), bytes);
  }
  with<T>(fn: () => T): T {
    return currentActivator().withRandom(this, fn);
  }
}

/** The run's own stream (what Math.random() draws from outside any `with`). */
export const workflowRandom: WorkflowRandomStream = new Stream(() => currentActivator().mainStream.random());

/** The stream `name` of this run: the same values on every replay, whatever else draws random numbers. */
export function getRandomStream(name: string): WorkflowRandomStream {
  const activator = currentActivator();
  return new Stream(() => activator.namedRandom(name)());
}
