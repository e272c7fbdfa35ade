/**
 * @durable/server: the embedded dev server. Temporal's WorkflowService over gRPC on one SQLite database, so the
 * official Temporal SDK and ours run real workflows with nothing to download.
 *
 * @example
 * ```ts
 * import { DevServer } from '@durable/server';
 * const server = await DevServer.start({ port: 0, dbFilename: 'dev.db' });
 * console.log(server.address); // 127.0.0.1:<port>
 * await server.stop();
 * ```
 */
export { DevServer } from './dev-server.js';
export type { DevServerOptions } from './dev-server.js';
export type { Logger } from './model/logger.js';
export { silentLogger } from './model/logger.js';
export { SystemClock } from './model/clock.js';
export type { Clock } from './model/clock.js';
export { compileListQuery, ListQueryError, SYSTEM_SEARCH_ATTRIBUTES } from './infra/visibility/list-query.js';
export type { SearchAttributeType, CompiledListQuery, VisibilityValues } from './infra/visibility/list-query.js';
