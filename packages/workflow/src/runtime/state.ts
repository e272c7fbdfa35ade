// The run this copy of the workflow runtime belongs to. The sandbox evaluates one copy of the bundle per run, so a
// module-level variable is per run.
import type { Activator } from './activator.js';

let activator: Activator | undefined;

export function setActivator(a: Activator): void {
  activator = a;
}

export function maybeActivator(): Activator | undefined {
  return activator;
}

export function currentActivator(): Activator {
  if (!activator) {
    throw new Error('Workflow APIs can only be used inside workflow code run by a worker (not in activities or clients)');
  }
  return activator;
}
