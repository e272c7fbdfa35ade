import type { Logger } from '@durable/server';
import { LOG_LEVELS, type LogLevel } from './args.js';

export interface LoggerOptions {
  level: LogLevel;
  format: 'json' | 'pretty';
  stream?: { write(line: string): unknown };
}

/** Log records to stderr, one line each: human-readable, or JSON for machines. */
export function createLogger({ level, format, stream = process.stderr }: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (recordLevel: Exclude<LogLevel, 'never'>) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (level === 'never' || LOG_LEVELS.indexOf(recordLevel) < threshold) return;
    const time = new Date().toISOString();
    if (format === 'json') {
      stream.write(JSON.stringify({ time, level: recordLevel, msg, ...fields }) + '\n');
      return;
    }
    const rest = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
      .join(' ');
    stream.write(`${time} ${recordLevel.toUpperCase().padEnd(5)} ${msg}${rest ? ' ' + rest : ''}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
