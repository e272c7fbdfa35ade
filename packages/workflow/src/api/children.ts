// Child workflows and handles to other workflows (signal, cancel).
import {
  encodeSearchAttributes,
  encodeWorkflowIdReusePolicy,
  mapToPayloads,
  msToNumber,
  type Duration,
  composeInterceptors,
  compilePriority,
} from '@durable/common';
import { CancellationScope } from '../runtime/scope.js';
import { currentActivator } from '../runtime/state.js';
import { compileRetry } from './activities.js';
import { uuid4 } from './misc.js';
import { toUserMetadata } from '../runtime/user-metadata.js';
import { ChildWorkflowCancellationType, type ChildWorkflowOptions, type ParentClosePolicy } from '../runtime/options.js';
import type { SignalWorkflowInput, StartChildWorkflowExecutionInput } from '../runtime/interceptors.js';
import type { SignalDefinition } from './handlers.js';

const parentClosePolicyCodes: Record<Exclude<ParentClosePolicy, undefined>, number> = { TERMINATE: 1, ABANDON: 2, REQUEST_CANCEL: 3 };

type WorkflowFn = (...args: never[]) => Promise<unknown>;
type ResultOf<W> = W extends (...args: never[]) => Promise<infer R> ? R : unknown;

export interface ChildWorkflowHandle<R> {
  readonly workflowId: string;
  readonly firstExecutionRunId: string;
  result(): Promise<R>;
  signal<Args extends unknown[]>(def: SignalDefinition<Args> | string, ...args: Args): Promise<void>;
}

export interface ExternalWorkflowHandle {
  readonly workflowId: string;
  readonly runId?: string;
  signal<Args extends unknown[]>(def: SignalDefinition<Args> | string, ...args: Args): Promise<void>;
  cancel(): Promise<void>;
}

const optionalMs = (d: Duration | undefined) => (d === undefined ? undefined : msToNumber(d));

function signalExternal(workflowId: string, runId: string | undefined, childWorkflowOnly: boolean, name: string, args: unknown[]): Promise<void> {
  const activator = currentActivator();
  const send = composeInterceptors(activator.interceptors.outbound, 'signalWorkflow', (input) =>
    sendSignal(input.target.workflowExecution.workflowId, input.target.workflowExecution.runId, input.target.type === 'child', input),
  );
  return send({
    seq: activator.nextSeq('signalExternal'),
    signalName: name,
    args,
    headers: {},
    target: { type: childWorkflowOnly ? 'child' : 'external', workflowExecution: { workflowId, runId } },
  });
}

function sendSignal(workflowId: string, runId: string | undefined, childWorkflowOnly: boolean, input: SignalWorkflowInput): Promise<void> {
  const activator = currentActivator();
  const scope = CancellationScope.current();
  if (scope.consideredCancelled) return scope.cancelRequested;
  const { seq, signalName: name, args } = input;
  return new Promise<void>((resolve, reject) => {
    if (scope.cancellable) {
      scope.cancelRequested.catch((err: unknown) => {
        if (activator.removeUnsent((c) => c.kind === 'signalExternal' && c.seq === seq) && activator.pending.signalExternal.delete(seq)) reject(err);
      });
    }
    const stack = activator.stackOf(sendSignal);
    activator.pushCommand({
      kind: 'signalExternal',
      seq,
      workflowId,
      runId,
      signalName: name,
      args: args.map((a) => activator.payloadConverter.toPayload(a)),
      headers: input.headers,
      childWorkflowOnly,
    }, stack);
    activator.pending.signalExternal.set(seq, { resolve: () => resolve(), reject, stack });
  });
}

const signalName = (def: { name: string } | string) => (typeof def === 'string' ? def : def.name);

/** Starts a child workflow; resolves once the server has started it. */
export async function startChild<W extends WorkflowFn | string>(
  workflow: W,
  options: ChildWorkflowOptions = {},
): Promise<ChildWorkflowHandle<W extends string ? unknown : ResultOf<W>>> {
  const activator = currentActivator();
  const workflowType = typeof workflow === 'string' ? workflow : workflow.name;
  if (!workflowType) throw new TypeError('startChild needs a workflow type name or a named workflow function');
  const scope = CancellationScope.current();
  if (scope.consideredCancelled) return scope.cancelRequested;
  const seq = activator.nextSeq('child');
  const workflowId = options.workflowId ?? uuid4();
  const start = composeInterceptors(
    activator.interceptors.outbound,
    'startChildWorkflowExecution',
    async (input) => issueStartChild(input, scope),
  );
  const [started, result] = await start({ workflowType, options: { ...options, workflowId }, headers: {}, seq });
  const runId = await started;
  return {
    workflowId,
    firstExecutionRunId: runId,
    result: () => result as Promise<W extends string ? unknown : ResultOf<W>>,
    signal: (def, ...args) => signalExternal(workflowId, undefined, true, signalName(def), args),
  };
}

function issueStartChild(input: StartChildWorkflowExecutionInput, scope: CancellationScope): [Promise<string>, Promise<unknown>] {
  const activator = currentActivator();
  const { seq, workflowType, options } = input;
  const workflowId = options.workflowId;
  const pc = activator.payloadConverter;
  const cancellationType = options.cancellationType ?? 'WAIT_CANCELLATION_COMPLETED';
  let started = false;
  const stack = activator.stackOf(issueStartChild);
  const result = new Promise<unknown>((resolve, reject) => activator.pending.childResult.set(seq, { resolve, reject, stack }));
  result.catch(() => undefined);
  const start = new Promise<string>((resolve, reject) => {
    activator.pending.childStart.set(seq, {
      resolve: (runId) => {
        started = true;
        resolve(runId as string);
      },
      reject,
      stack,
    });
  });
  if (scope.cancellable) {
    scope.cancelRequested.catch((err: unknown) => {
      if (activator.removeUnsent((c) => c.kind === 'startChild' && c.seq === seq)) {
        const s = activator.pending.childStart.get(seq);
        activator.pending.childStart.delete(seq);
        activator.pending.childResult.delete(seq);
        s?.reject(err);
        return;
      }
      if (cancellationType === 'ABANDON') return;
      const cancel = () => activator.pushCommand({ kind: 'cancelChild', seq, workflowId });
      if (started) cancel();
      else start.then(cancel, () => undefined);
    });
  }
  activator.pushCommand({
    kind: 'startChild',
    seq,
    namespace: activator.info.namespace,
    workflowId,
    workflowType,
    taskQueue: options.taskQueue ?? activator.info.taskQueue,
    args: (options.args ?? []).map((a) => pc.toPayload(a)),
    headers: input.headers,
    executionTimeoutMs: optionalMs(options.workflowExecutionTimeout),
    runTimeoutMs: optionalMs(options.workflowRunTimeout),
    taskTimeoutMs: optionalMs(options.workflowTaskTimeout),
    parentClosePolicy: parentClosePolicyCodes[options.parentClosePolicy ?? 'TERMINATE'],
    workflowIdReusePolicy: encodeWorkflowIdReusePolicy(options.workflowIdReusePolicy),
    retryPolicy: compileRetry(options.retry),
    cronSchedule: options.cronSchedule,
    memo: options.memo ? mapToPayloads(pc, options.memo) : undefined,
    searchAttributes: encodeSearchAttributes(options.searchAttributes, options.typedSearchAttributes),
    priority: options.priority ? compilePriority(options.priority) : undefined,
    userMetadata: toUserMetadata(pc, options.staticSummary, options.staticDetails),
  }, stack);
  return [start, result];
}

/** Child options with the defaults filled in: a workflow id (uuid4), the arguments, WAIT_CANCELLATION_COMPLETED. */
export function addDefaultWorkflowOptions(opts: ChildWorkflowOptions): ChildWorkflowOptions & { workflowId: string; args: unknown[]; cancellationType: ChildWorkflowCancellationType } {
  const { args, workflowId, ...rest } = opts;
  return { workflowId: workflowId ?? uuid4(), args: args ?? [], cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED, ...rest };
}

/** Starts a child workflow and waits for its result. */
export async function executeChild<W extends WorkflowFn | string>(
  workflow: W,
  options: ChildWorkflowOptions = {},
): Promise<W extends string ? unknown : ResultOf<W>> {
  const handle = await startChild(workflow, options);
  return handle.result();
}

/** A handle to another workflow, to signal or cancel it. */
export function getExternalWorkflowHandle(workflowId: string, runId?: string): ExternalWorkflowHandle {
  return {
    workflowId,
    runId,
    signal: (def, ...args) => signalExternal(workflowId, runId, false, signalName(def), args),
    cancel() {
      const activator = currentActivator();
      const seq = activator.nextSeq('cancelExternal');
      return new Promise<void>((resolve, reject) => {
        const stack = activator.stackOf();
        activator.pushCommand({ kind: 'cancelExternal', seq, workflowId, runId, childWorkflowOnly: false }, stack);
        activator.pending.cancelExternal.set(seq, { resolve: () => resolve(), reject, stack });
      });
    },
  };
}
