// Workflow log lines go to the worker through the `__temporal_logger` sink, as on the official SDK: the worker
// logs them after the activation, and not at all while history is replayed. Each carries the run's attributes
// (shaped by outbound interceptors' getLogAttributes) and the wall-clock time it was made.
import { composeInterceptors } from '@durable/common';
import { maybeHostPort } from './host.js';
import type { WorkflowInfo } from './info.js';
import type { WorkflowOutboundCallsInterceptor } from './interceptors.js';
import { updateScope } from './messages.js';

export type LogMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export const LOGGER_SINK = '__temporal_logger';
const LOG_TIMESTAMP = Symbol.for('log_timestamp');

/** What every workflow log line carries about its run (and the update it runs in, if any). */
export function workflowLogAttributes(info: WorkflowInfo): Record<string, unknown> {
  const attrs: Record<string, unknown> = {
    namespace: info.namespace,
    taskQueue: info.taskQueue,
    workflowId: info.workflowId,
    runId: info.runId,
    workflowType: info.workflowType,
  };
  const update = updateScope.getStore();
  if (update) {
    attrs.updateId = update.id;
    attrs.updateName = update.name;
  }
  return attrs;
}

/** What a log line needs of its run (the Activator). */
export interface LoggingRun {
  readonly info: WorkflowInfo;
  readonly interceptors: { readonly outbound: WorkflowOutboundCallsInterceptor[] };
  callSink(ifaceName: string, fnName: string, args: unknown[]): void;
}

export function workflowLog(a: LoggingRun, level: LogMethod, message: string, attrs?: Record<string, unknown>): void {
  const getLogAttributes = composeInterceptors(a.interceptors.outbound, 'getLogAttributes', (x: Record<string, unknown>) => x);
  a.callSink(LOGGER_SINK, level, [
    message,
    {
      [LOG_TIMESTAMP]: maybeHostPort()?.timeOfDayNanos(),
      sdkComponent: 'workflow',
      ...getLogAttributes(workflowLogAttributes(a.info)),
      ...attrs,
    },
  ]);
}
