// The worker's logger, in the official shape: DefaultLogger writes entries at or above its level through a log
// function (stderr by default); metadata may carry the time the line was logged under LogTimestamp.
import { formatWithOptions } from 'node:util';
import { LoggerWithComposedMetadata, SdkComponent, type Logger, type LogLevel, type LogMetadata } from '@durable/common';
import type { Info } from '@durable/activity';

export type { Logger, LogLevel, LogMetadata };

export interface LogEntry {
  message: string;
  level: LogLevel;
  /** Nanoseconds since the epoch. */
  timestampNanos: bigint;
  meta?: LogMetadata;
}

/** Metadata key of a line's own time (nanoseconds since the epoch), e.g. a workflow line logged before it was flushed. */
export const LogTimestamp = Symbol.for('log_timestamp');

const SEVERITIES: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const format = formatWithOptions.bind(undefined, { colors: !!process.stderr.isTTY });

/** `time [LEVEL] message {meta}` on stderr. */
function writeToStderr({ level, timestampNanos, message, meta }: LogEntry): void {
  const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  process.stderr.write(meta === undefined ? `${time} [${level}] ${message}\n` : `${time} [${level}] ${message} ${format(meta)}\n`);
}

/**
 * One JSON object per line on stderr — `time`, `level`, `message` and the metadata's fields (workflowId, runId,
 * activityType, attempt …) — for log collectors. The Runtime's default when
 * `telemetryOptions.logging.console.format` is `'json'`; errors are written with their message and stack.
 */
export function jsonLogLine({ level, timestampNanos, message, meta }: LogEntry): void {
  const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  process.stderr.write(JSON.stringify({ time, level, message, ...meta }, jsonValue) + '\n');
}

function jsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export const nowNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;

export class DefaultLogger implements Logger {
  protected readonly severity: number;

  constructor(
    readonly level: LogLevel = 'INFO',
    protected readonly logFunction: (entry: LogEntry) => void = writeToStderr,
  ) {
    this.severity = SEVERITIES.indexOf(level);
    if (this.severity < 0) throw new TypeError(`Unknown log level ${String(level)}: expected one of ${SEVERITIES.join(', ')}`);
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (SEVERITIES.indexOf(level) < this.severity) return;
    const { [LogTimestamp]: at, ...rest } = meta ?? {};
    this.logFunction({
      level,
      message,
      meta: Reflect.ownKeys(rest).length ? rest : undefined,
      timestampNanos: typeof at === 'bigint' ? at : nowNanos(),
    });
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** What every activity log line carries about its activity. */
export function activityLogAttributes(info: Info): Record<string, unknown> {
  const attrs: Record<string, unknown> = {
    isLocal: info.isLocal,
    attempt: info.attempt,
    namespace: info.namespace,
    taskToken: info.base64TaskToken,
    activityId: info.activityId,
    activityType: info.activityType,
    taskQueue: info.taskQueue,
  };
  if (info.inWorkflow) {
    attrs.workflowId = info.workflowExecution?.workflowId;
    attrs.workflowRunId = info.workflowExecution?.runId;
    attrs.workflowType = info.workflowType;
  } else {
    attrs.activityRunId = info.activityRunId;
  }
  return attrs;
}

/** The logger an activity sees: the worker's, tagged with the activity. */
export function activityLogger(base: Logger, info: Info): Logger {
  return LoggerWithComposedMetadata.compose(base, { sdkComponent: SdkComponent.activity, ...activityLogAttributes(info) });
}
