// The smaller workflow APIs: info, uuid4, patches, continue-as-new, search attributes and memo, logging.
import {
  encodeSearchAttributeUpdates,
  encodeSearchAttributes,
  mapToPayloads,
  msToNumber,
  type Duration,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
  type SearchAttributes,
  type TypedSearchAttributes,
  type PayloadConverter,
} from '@durable/common';
import { ContinueAsNew } from '../runtime/continue-as-new-error.js';
import { currentActivator } from '../runtime/state.js';
import type { WorkflowInfo } from '../runtime/info.js';
import { compileRetryPolicy, type RetryPolicy } from './activities.js';
import { compose, type ContinueAsNewInput } from '../runtime/interceptors.js';

export function workflowInfo(): WorkflowInfo {
  return currentActivator().info;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A version-4 UUID from the run's seeded random source: the same value on every replay. */
export function uuid4(): string {
  const random = currentActivator().random;
  const bytes = new DataView(new ArrayBuffer(16));
  for (let i = 0; i < 4; i++) bytes.setUint32(i * 4, (random() * 0x100000000) >>> 0);
  bytes.setUint8(6, (bytes.getUint8(6) & 0x0f) | 0x40);
  bytes.setUint8(8, (bytes.getUint8(8) & 0x3f) | 0x80);
  return `${hex(bytes.getUint32(0), 8)}-${hex(bytes.getUint16(4), 4)}-${hex(bytes.getUint16(6), 4)}-${hex(bytes.getUint16(8), 4)}-${hex(bytes.getUint32(10), 8)}${hex(bytes.getUint16(14), 4)}`;
}

/** True when this run takes the patched (new) code path; records the choice in history. */
export function patched(patchId: string): boolean {
  return currentActivator().patch(patchId, false);
}

/** Marks a patch whose old branch has been removed: runs that recorded it keep replaying. */
export function deprecatePatch(patchId: string): void {
  currentActivator().patch(patchId, true);
}

export interface ContinueAsNewOptions {
  workflowType?: string;
  taskQueue?: string;
  workflowRunTimeout?: Duration;
  workflowTaskTimeout?: Duration;
  backoffStartInterval?: Duration;
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
  retry?: RetryPolicy;
}

/** A function that ends this run and starts a new run of the workflow with the arguments it is given. */
export function makeContinueAsNewFunc<F extends (...args: never[]) => Promise<unknown>>(
  options: ContinueAsNewOptions = {},
): (...args: Parameters<F>) => Promise<never> {
  return (...args) => {
    const activator = currentActivator();
    const pc = activator.payloadConverter;
    const info = activator.info;
    const next = compose<ContinueAsNewInput, Promise<never>>(activator.interceptors.outbound, 'continueAsNew', (input) =>
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
    retryPolicy: compileRetryPolicy(options.retry),
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

type LogFn = (message: string, attrs?: Record<string, unknown>) => void;

function logAt(level: string): LogFn {
  return (message, attrs) => {
    const activator = currentActivator();
    // Replays re-run the code; logging again would print every line once per replay.
    if (activator.isReplaying) return;
    const { workflowId, runId, workflowType, taskQueue, namespace } = activator.info;
    activator.log(level, message, { ...attrs, namespace, taskQueue, workflowId, runId, workflowType });
  };
}

/** Workflow logger: silent during replay, each line tagged with the run. */
export const log = { trace: logAt('TRACE'), debug: logAt('DEBUG'), info: logAt('INFO'), warn: logAt('WARN'), error: logAt('ERROR') };
