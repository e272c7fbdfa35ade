// Worker deployment routes of the HTTP API.
import { apiGet, apiPath } from './http';
import type { WorkerDeploymentSummary } from './types';

export function listWorkerDeployments(ns: string): Promise<{ workerDeployments?: WorkerDeploymentSummary[]; nextPageToken?: string }> {
  return apiGet(apiPath('namespaces', ns, 'worker-deployments'), { pageSize: 100 });
}
