// The run being activated. The runtime is shared by the runs of a sandbox; entering a run makes it the current
// one (runtime/index.ts), and the workflow API, the global overrides and cancellation scopes act on that run.
import type { Activator } from './activator.js';
import { findRunsWith } from './scope.js';

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

export function inWorkflowContext(): boolean {
  return maybeActivator() !== undefined;
}

// Cancellation scopes reach the run being activated through here.
findRunsWith(currentActivator);
