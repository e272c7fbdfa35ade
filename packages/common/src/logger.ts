// The Logger shape every SDK component logs through (worker, activities, workflow sinks), and a logger that adds
// metadata to each line before handing it to another.
import { appendAttributes, resolveAttributes, type AttributesOrFunc } from './compose-attributes.js';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogMetadata = Record<string | symbol, unknown>;

export interface Logger {
  log(level: LogLevel, message: string, meta?: LogMetadata): unknown;
  trace(message: string, meta?: LogMetadata): unknown;
  debug(message: string, meta?: LogMetadata): unknown;
  info(message: string, meta?: LogMetadata): unknown;
  warn(message: string, meta?: LogMetadata): unknown;
  error(message: string, meta?: LogMetadata): unknown;
}

/** Which part of the SDK a log line comes from (the `sdkComponent` metadata key). */
export const SdkComponent = {
  workflow: 'workflow',
  activity: 'activity',
  nexus: 'nexus',
  worker: 'worker',
  core: 'core',
} as const;
export type SdkComponent = (typeof SdkComponent)[keyof typeof SdkComponent];

export type LogMetaOrFunc = AttributesOrFunc<LogMetadata>;

/** Logs through `parentLogger`, adding the metadata of its chain (objects, or functions called per line). */
export class LoggerWithComposedMetadata implements Logger {
  /** `logger` with `metaOrFunc` added to what it attaches (the same logger when that adds nothing). */
  static compose(logger: Logger, metaOrFunc: LogMetaOrFunc): Logger {
    const composed = logger instanceof LoggerWithComposedMetadata;
    const chain = appendAttributes(composed ? logger.contributors : undefined, metaOrFunc);
    if (!chain) return logger;
    return new LoggerWithComposedMetadata(composed ? logger.parentLogger : logger, chain);
  }

  constructor(
    private readonly parentLogger: Logger,
    private readonly contributors: LogMetaOrFunc[],
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.parentLogger.log(level, message, resolveAttributes(this.contributors, meta));
  }
  trace(message: string, meta?: LogMetadata): void {
    this.parentLogger.trace(message, resolveAttributes(this.contributors, meta));
  }
  debug(message: string, meta?: LogMetadata): void {
    this.parentLogger.debug(message, resolveAttributes(this.contributors, meta));
  }
  info(message: string, meta?: LogMetadata): void {
    this.parentLogger.info(message, resolveAttributes(this.contributors, meta));
  }
  warn(message: string, meta?: LogMetadata): void {
    this.parentLogger.warn(message, resolveAttributes(this.contributors, meta));
  }
  error(message: string, meta?: LogMetadata): void {
    this.parentLogger.error(message, resolveAttributes(this.contributors, meta));
  }
}
