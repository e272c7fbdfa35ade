// The batch operation RPCs of WorkflowService.
import type { temporal } from '@durable/proto';
import type { Batcher } from '../batch/batcher.js';
import type { Engine } from '../runtime/engine.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

export function batchHandlers(engine: Engine, batcher: Batcher): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    StartBatchOperation(req: Req<'StartBatchOperationRequest'>) {
      namespaces.get(req.namespace);
      engine.transact((tx) => batcher.start(tx, req));
      return {};
    },

    DescribeBatchOperation(req: Req<'DescribeBatchOperationRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return engine.read((tx) => batcher.describe(batcher.mustLoad(tx, ns, req.jobId ?? '')));
    },

    ListBatchOperations(req: Req<'ListBatchOperationsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return engine.read((tx) => batcher.list(tx, ns, req.pageSize ?? 0, req.nextPageToken));
    },

    StopBatchOperation(req: Req<'StopBatchOperationRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      engine.transact((tx) => batcher.stop(tx, ns, req.jobId ?? '', req.reason ?? ''));
      return {};
    },
  };
}
