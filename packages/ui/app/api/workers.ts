// Worker routes of the HTTP API: the workers of a namespace as their last heartbeats describe them.
import { apiGet, apiPath } from './http';
import type { WorkerHeartbeat } from './types';

export function listWorkers(ns: string): Promise<{ workersInfo?: { workerHeartbeat?: WorkerHeartbeat }[]; nextPageToken?: string }> {
  return apiGet(apiPath('namespaces', ns, 'workers'), { pageSize: 200 });
}
