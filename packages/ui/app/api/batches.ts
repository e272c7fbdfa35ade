// Batch operation routes of the HTTP API.
import { apiGet, apiPath } from './http';
import type { BatchOperation, BatchOperationInfo } from './types';

export function listBatchOperations(ns: string): Promise<{ operationInfo?: BatchOperationInfo[]; nextPageToken?: string }> {
  return apiGet(apiPath('namespaces', ns, 'batch-operations'), { pageSize: 100 });
}

export function describeBatchOperation(ns: string, jobId: string): Promise<BatchOperation> {
  return apiGet(apiPath('namespaces', ns, 'batch-operations', jobId));
}
