// The smaller workflow APIs: info, uuid4, patches, continue-as-new, search attributes and memo, workflow options.
import {
  encodeSearchAttributeUpdates,
  encodeSearchAttributes,
  mapToPayloads,
  msToNumber,
  type SearchAttributeUpdatePair,
  type SearchAttributes,
  type PayloadConverter,
  type WorkflowDefinitionConfig,
  type WorkflowDefinitionOptionsOrGetter,
  composeInterceptors,
} from '@durable/common';
import { ContinueAsNew } from '../runtime/continue-as-new-error.js';
import { uuid4FromRandom } from '../runtime/random.js';
import { currentActivator } from '../runtime/state.js';
import type { WorkflowInfo } from '../runtime/info.js';
import { compileRetry } from './activities.js';
import type { ContinueAsNewInput } from '../runtime/interceptors.js';
import type { ContinueAsNewOptions } from '../runtime/options.js';

export function workflowInfo(): WorkflowInfo {
  return currentActivator().info;
}

/** A version-4 UUID from the run's seeded random source: the same value on every replay. */
export function uuid4(): string {
  const activator = currentActivator();
  return uuid4FromRandom(() => activator.currentRandom());
}

/** True when this run takes the patched (new) code path; records the choice in history. */
export function patched(patchId: string): boolean {
  return currentActivator().patch(patchId, false);
}

/** Marks a patch whose old branch has been removed: runs that recorded it keep replaying. */
export function deprecatePatch(patchId: string): void {
  currentActivator().patch(patchId, true);
}

/** A function that ends this run and starts a new run of the workflow with the arguments it is given. */
export function makeContinueAsNewFunc<F extends (...args: never[]) => Promise<unknown>>(
  options: ContinueAsNewOptions = {},
): (...args: Parameters<F>) => Promise<never> {
  return (...args) => {
    const activator = currentActivator();
    const pc = activator.payloadConverter;
    const info = activator.info;
    const next = composeInterceptors(activator.interceptors.outbound, 'continueAsNew', (input) =>
      Promise.reject(continueAsNewError(input, info, pc)),
    );
    return next({ args: args as unknown[], headers: {}, options });
  };
}

function continueAsNewError(input: ContinueAsNewInput, info: WorkflowInfo, pc: PayloadConverter): ContinueAsNew {
  const { args, options } = input;
  return new ContinueAsNew({
    kind: 'continueAsNew',
    workflowType: options.workflowType ?? info.workflowType,
    taskQueue: options.taskQueue ?? info.taskQueue,
    args: args.map((a) => pc.toPayload(a)),
    headers: input.headers,
    runTimeoutMs: options.workflowRunTimeout !== undefined ? msToNumber(options.workflowRunTimeout) : info.runTimeoutMs,
    taskTimeoutMs: options.workflowTaskTimeout !== undefined ? msToNumber(options.workflowTaskTimeout) : info.taskTimeoutMs,
    backoffStartIntervalMs: options.backoffStartInterval !== undefined ? msToNumber(options.backoffStartInterval) : undefined,
    memo: options.memo ? mapToPayloads(pc, options.memo) : undefined,
    searchAttributes: encodeSearchAttributes(options.searchAttributes, options.typedSearchAttributes),
    retryPolicy: compileRetry(options.retry),
  });
}

/** Ends this run; a new run of the same workflow starts with `args`. */
export function continueAsNew<F extends (...args: never[]) => Promise<unknown>>(...args: Parameters<F>): Promise<never> {
  return makeContinueAsNewFunc<F>()(...args);
}

/** Sets (or, with a null value, removes) search attributes of this run. */
export function upsertSearchAttributes(attributes: SearchAttributes | SearchAttributeUpdatePair[]): void {
  const activator = currentActivator();
  const fields = Array.isArray(attributes) ? encodeSearchAttributeUpdates(attributes) : (encodeSearchAttributes(attributes, undefined) ?? {});
  activator.pushCommand({ kind: 'upsertSearchAttributes', searchAttributes: fields });
  const info = activator.info;
  if (Array.isArray(attributes)) {
    const typed = info.typedSearchAttributes.updateCopy(attributes);
    const untyped = { ...info.searchAttributes };
    for (const { key, value } of attributes) {
      if (value === null) delete untyped[key.name];
      else untyped[key.name] = (Array.isArray(value) ? value : [value]) as SearchAttributes[string];
    }
    activator.info = { ...info, typedSearchAttributes: typed, searchAttributes: untyped };
  } else {
    activator.info = { ...info, searchAttributes: { ...info.searchAttributes, ...attributes } };
  }
}

/** Merges `memo` into this run's memo (an undefined value removes the key). */
export function upsertMemo(memo: Record<string, unknown>): void {
  const activator = currentActivator();
  const pc = activator.payloadConverter;
  activator.pushCommand({ kind: 'modifyProperties', memo: mapToPayloads(pc, memo) });
  const next: Record<string, unknown> = { ...activator.info.memo };
  for (const [k, v] of Object.entries(memo)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  activator.info = { ...activator.info, memo: next };
}

/**
 * Declares options of a workflow function: per-execution options (`workflowDefinitionOptions`: versioning
 * behavior, error types that fail the workflow) and static metadata (`staticOptions`: payload type information).
 */
export function defineWorkflowOptions<A extends unknown[], R>(fn: (...args: A) => Promise<R>, config: WorkflowDefinitionConfig): void {
  Object.assign(fn, config);
}

/** The options a workflow declares (or a function computing them, called once before the workflow starts). */
export function setWorkflowOptions<A extends unknown[], R>(options: WorkflowDefinitionOptionsOrGetter, fn: (...args: A) => Promise<R>): void {
  defineWorkflowOptions(fn, { workflowDefinitionOptions: options });
}
