// The workflow logger: lines go to the worker's logger through the `__temporal_logger` sink (silent while history
// is replayed), each tagged with the run (and the update it runs in).
import { currentActivator } from '../runtime/state.js';
import { workflowLog, type LogMethod } from '../runtime/logging.js';
import type { Sink, Sinks } from './sinks.js';

export { workflowLogAttributes } from '../runtime/logging.js';

export interface WorkflowLogger extends Sink {
  trace(message: string, attrs?: Record<string, unknown>): void;
  debug(message: string, attrs?: Record<string, unknown>): void;
  info(message: string, attrs?: Record<string, unknown>): void;
  warn(message: string, attrs?: Record<string, unknown>): void;
  error(message: string, attrs?: Record<string, unknown>): void;
}

/** The sink the worker installs for workflow logs. */
export interface LoggerSinksInternal extends Sinks {
  __temporal_logger: WorkflowLogger;
}
/** @deprecated upstream: the former name of the logger sink. */
export interface LoggerSinks extends Sinks {
  defaultWorkerLogger: WorkflowLogger;
}

const at = (level: LogMethod) => (message: string, attrs?: Record<string, unknown>) => workflowLog(currentActivator(), level, message, attrs);

export const log: WorkflowLogger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
