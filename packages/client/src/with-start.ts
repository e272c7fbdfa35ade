// Update-with-start: one request that starts a workflow (or, with a conflict policy, uses the running one) and
// sends it an update, so neither can happen without the other. The start is described by a
// WithStartWorkflowOperation, which also hands back the workflow's handle once the server answered.
import { IllegalStateError, type WorkflowIdConflictPolicy } from '@durable/common';
import type { WorkflowHandle } from './workflow-handle.js';
import type { WorkflowOptions } from './workflow-options.js';

type Workflow = (...args: never[]) => Promise<unknown>;

export class WithStartWorkflowOperation<T extends Workflow = Workflow> {
  #used = false;
  #resolve!: (handle: WorkflowHandle<unknown>) => void;
  #reject!: (err: unknown) => void;
  readonly #handle: Promise<WorkflowHandle<unknown>>;

  constructor(
    readonly workflowTypeOrFunc: string | T,
    /** The workflow's start options; `workflowIdConflictPolicy` is required (what to do when it already runs). */
    readonly options: WorkflowOptions & { workflowIdConflictPolicy: WorkflowIdConflictPolicy },
  ) {
    this.#handle = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The caller of the update sees a failure too; nobody is obliged to ask for the handle.
    this.#handle.catch(() => undefined);
  }

  /** The started (or already running) workflow; rejects when the update-with-start failed. */
  async workflowHandle(): Promise<WorkflowHandle<T extends (...args: never[]) => Promise<infer R> ? R : unknown>> {
    return (await this.#handle) as WorkflowHandle<T extends (...args: never[]) => Promise<infer R> ? R : unknown>;
  }

  /** Marks the operation used (it can be sent once) and gives the means to settle its handle. */
  claim(): { resolve(handle: WorkflowHandle<unknown>): void; reject(err: unknown): void } {
    if (this.#used) throw new IllegalStateError('This WithStartWorkflowOperation instance has already been executed.');
    this.#used = true;
    return { resolve: this.#resolve, reject: this.#reject };
  }
}
