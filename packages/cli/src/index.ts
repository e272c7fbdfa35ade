/**
 * @durable/cli: the `durable` program.
 *
 * @example
 * ```sh
 * durable server start-dev --port 7233 --db-filename dev.db --namespace orders
 * ```
 */
export { parseStartDevArgs, UsageError, START_DEV_USAGE, LOG_LEVELS } from './args.js';
export type { StartDevOptions, LogLevel } from './args.js';
export { createLogger } from './logger.js';
export type { LoggerOptions } from './logger.js';
export { runStartDev } from './start-dev.js';
export type { StartDevDeps, RunningServer } from './start-dev.js';
export { main } from './main.js';
