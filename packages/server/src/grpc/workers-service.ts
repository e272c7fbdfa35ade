// The workers RPCs: heartbeats workers send about themselves, and listing, describing and counting them.
import type { temporal } from '@durable/proto';
import { toLong } from '@durable/proto';
import { invalidArgument, notFound } from '../model/errors.js';
import type { Engine } from '../runtime/engine.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;

function listInfo(hb: Heartbeat): temporal.api.worker.v1.IWorkerListInfo {
  return {
    workerInstanceKey: hb.workerInstanceKey,
    workerIdentity: hb.workerIdentity,
    taskQueue: hb.taskQueue,
    deploymentVersion: hb.deploymentVersion,
    sdkName: hb.sdkName,
    sdkVersion: hb.sdkVersion,
    status: hb.status,
    startTime: hb.startTime,
    hostName: hb.hostInfo?.hostName,
    workerGroupingKey: hb.hostInfo?.workerGroupingKey,
    processId: hb.hostInfo?.processId,
    plugins: hb.plugins,
    drivers: hb.drivers,
  };
}

export function workersHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    RecordWorkerHeartbeat(req: Req<'RecordWorkerHeartbeatRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      engine.workers.record(ns, req.workerHeartbeat ?? [], engine.now());
      return {};
    },

    ListWorkers(req: Req<'ListWorkersRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const all = engine.workers.list(ns, req.query, engine.now());
      const size = req.pageSize > 0 ? req.pageSize : 1000;
      let from = 0;
      if (req.nextPageToken?.length) {
        from = Number(Buffer.from(req.nextPageToken).toString('utf8'));
        if (!Number.isInteger(from) || from < 0) throw invalidArgument('Invalid NextPageToken: not a token issued by this server.');
      }
      const page = all.slice(from, from + size);
      return {
        workersInfo: page.map((workerHeartbeat) => ({ workerHeartbeat })),
        workers: page.map(listInfo),
        nextPageToken: from + size < all.length ? Buffer.from(String(from + size)) : null,
      };
    },

    DescribeWorker(req: Req<'DescribeWorkerRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      if (!req.workerInstanceKey) throw invalidArgument('WorkerInstanceKey is not set on request.');
      const workerHeartbeat = engine.workers.get(ns, req.workerInstanceKey, engine.now());
      if (!workerHeartbeat) throw notFound(`worker ${req.workerInstanceKey} not found in namespace ${ns}`);
      return { workerInfo: { workerHeartbeat } };
    },

    CountWorkers(req: Req<'CountWorkersRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return { count: toLong(engine.workers.list(ns, req.query, engine.now()).length) };
    },
  };
}
