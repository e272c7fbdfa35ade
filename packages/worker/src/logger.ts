// The worker's logger: the shape of @temporalio/worker's Logger (log(level, message, meta)), console by default.
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface Logger {
  log(level: LogLevel | string, message: string, meta?: Record<string, unknown>): void;
}

const ORDER = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Writes lines at or above `level` to stderr as `time [LEVEL] message {meta}`. */
export class DefaultLogger implements Logger {
  constructor(private readonly level: LogLevel = 'INFO') {}

  log(level: string, message: string, meta?: Record<string, unknown>): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.level)) return;
    const extra = meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
    process.stderr.write(`${new Date().toISOString()} [${level}] ${message}${extra}\n`);
  }
}
