/**
 * @durable/server: the embedded dev server. Temporal's WorkflowService over gRPC, and its HTTP API, on one SQLite
 * database, so the official Temporal SDK and ours run real workflows with nothing to download.
 *
 * @example
 * ```ts
 * import { DevServer } from '@durable/server';
 * const server = await DevServer.start({ port: 0, httpPort: 0, dbFilename: 'dev.db' });
 * console.log(server.address); // 127.0.0.1:<port>, gRPC
 * console.log(server.httpAddress); // 127.0.0.1:<port>, Temporal's HTTP API: GET /api/v1/namespaces/default/workflows
 * await server.stop();
 * ```
 */
export { DevServer } from './dev-server.js';
export type { DevServerOptions } from './dev-server.js';
export type { SqliteDriverName } from './persistence/sqlite.js';
export type { HttpApiHandler } from './http/api.js';
export type { Logger } from './model/logger.js';
export { silentLogger } from './model/logger.js';
export { SystemClock } from './model/clock.js';
export type { Clock } from './model/clock.js';
export { compileListQuery, ListQueryError, SYSTEM_SEARCH_ATTRIBUTES } from './infra/visibility/list-query.js';
export type { SearchAttributeType, CompiledListQuery, VisibilityValues } from './infra/visibility/list-query.js';
// proto3 JSON as Temporal's HTTP API and CLI write it (payload shorthand), for the `durable` CLI's JSON output and
// for reading histories saved as JSON.
export { messageToJson } from './http/json-write.js';
export { messageFromJson, JsonInputError } from './http/json-read.js';
export type { Json, JsonOptions } from './http/json-schema.js';
