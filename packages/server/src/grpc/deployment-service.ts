// Worker deployment RPCs (worker versioning), and the versioning APIs that came before them, answered as Temporal
// answers them: the pre-release deployment API is gone (UNIMPLEMENTED), build-id versioning is off unless enabled.
import type { temporal } from '@durable/proto';
import { Code, invalidArgument, ServiceError } from '../model/errors.js';
import { Entity, WorkflowStatus } from '../model/rows.js';
import { queueKey } from '../infra/matching.js';
import { versionKey, type DeploymentRecord, type VersionRef } from '../infra/deployments.js';
import {
  checkCreatable,
  checkVersionDeletable,
  deploymentInfo,
  mustDeployment,
  mustVersion,
  routingConfig,
  setCurrentVersion,
  setManager,
  setRampingVersion,
  upsertVersionMetadata,
  versionInfo,
  versionRefOf,
  versionSummary,
} from '../infra/deployment-changes.js';
import type { Engine, Tx } from '../runtime/engine.js';
import type { Handler } from './bind.js';
import { taskKindOf } from './task-queue-service.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;

const deploymentsGone = () => new ServiceError(Code.UNIMPLEMENTED, 'Deployments are deprecated and no longer supported, use Worker Deployments instead');

export function deploymentHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  const deployments = engine.deployments;

  /** Open runs whose workflows are pinned to a version. */
  function pinnedRuns(ns: string) {
    return (ref: VersionRef) => {
      let n = 0;
      for (const row of engine.store.visibilityIterate(ns, undefined, Entity.workflow)) {
        if (row.status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_RUNNING && row.status !== WorkflowStatus.WORKFLOW_EXECUTION_STATUS_PAUSED) break;
        const sa = JSON.parse(row.sa_values) as Record<string, unknown>;
        if (sa.TemporalWorkerDeploymentVersion === versionKey(ref) && sa.TemporalWorkflowVersioningBehavior === 'Pinned') n++;
      }
      return n;
    };
  }

  /** A change to a deployment's records, saved in one transaction; the routing may send waiting tasks elsewhere. */
  function change<T>(ns: string, fn: (tx: Tx) => { d: DeploymentRecord; result: T }): T {
    try {
      return engine.transact((tx) => {
        const { d, result } = fn(tx);
        deployments.save(ns, d);
        // Pollers of its queues look again: a task may now be theirs.
        for (const v of Object.values(d.versions)) for (const q of v.taskQueues) tx.effects.queues.push(queueKey(ns, taskKindOf(q.type), q.name));
        return result;
      });
    } catch (err) {
      deployments.forget(ns);
      throw err;
    }
  }

  const hasPollers = (ns: string, d: DeploymentRecord, buildId: string) =>
    d.versions[buildId]!.taskQueues.some((q) =>
      engine.matching
        .pollers(queueKey(ns, taskKindOf(q.type), q.name), engine.now())
        .some((p) => p.deploymentOptions?.deploymentName === d.name && p.deploymentOptions.buildId === buildId),
    );

  return {
    DescribeWorkerDeployment(req: Req<'DescribeWorkerDeploymentRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const d = mustDeployment(deployments, ns, req.deploymentName);
      return { conflictToken: Buffer.from(String(d.conflictToken)), workerDeploymentInfo: deploymentInfo(d, pinnedRuns(ns), engine.now()) };
    },

    ListWorkerDeployments(req: Req<'ListWorkerDeploymentsRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const size = req.pageSize > 0 ? req.pageSize : 1000;
      const after = req.nextPageToken?.length ? Buffer.from(req.nextPageToken).toString('utf8') : '';
      const all = deployments.all(ns).filter((d) => d.name > after).sort((a, b) => (a.name < b.name ? -1 : 1));
      const page = all.slice(0, size);
      const counter = pinnedRuns(ns);
      const summary = (d: DeploymentRecord, buildId: string | null | undefined) =>
        buildId && d.versions[buildId] ? versionSummary(d, d.versions[buildId]!, counter, engine.now()) : null;
      return {
        workerDeployments: page.map((d) => {
          const latest = Object.values(d.versions).sort((a, b) => b.createTime - a.createTime)[0];
          return {
            name: d.name,
            createTime: deploymentInfo(d, counter, engine.now()).createTime,
            routingConfig: routingConfig(d),
            latestVersionSummary: latest ? summary(d, latest.buildId) : null,
            currentVersionSummary: summary(d, d.current),
            rampingVersionSummary: summary(d, d.ramping),
          };
        }),
        nextPageToken: all.length > size ? Buffer.from(page[page.length - 1]!.name) : null,
      };
    },

    DescribeWorkerDeploymentVersion(req: Req<'DescribeWorkerDeploymentVersionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const { d, v } = mustVersion(deployments, ns, versionRefOf(req));
      return {
        workerDeploymentVersionInfo: versionInfo(d, v, pinnedRuns(ns), engine.now()),
        versionTaskQueues: v.taskQueues.map((q) => ({ name: q.name, type: q.type })),
      };
    },

    SetWorkerDeploymentCurrentVersion(req: Req<'SetWorkerDeploymentCurrentVersionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return change(ns, (tx) => {
        const d = mustDeployment(deployments, ns, req.deploymentName);
        return { d, result: setCurrentVersion(d, req, tx.now) };
      });
    },

    SetWorkerDeploymentRampingVersion(req: Req<'SetWorkerDeploymentRampingVersionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return change(ns, (tx) => {
        const d = mustDeployment(deployments, ns, req.deploymentName);
        return { d, result: setRampingVersion(d, req, tx.now) };
      });
    },

    SetWorkerDeploymentManager(req: Req<'SetWorkerDeploymentManagerRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return change(ns, () => {
        const d = mustDeployment(deployments, ns, req.deploymentName);
        return { d, result: setManager(d, req) };
      });
    },

    UpdateWorkerDeploymentVersionMetadata(req: Req<'UpdateWorkerDeploymentVersionMetadataRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return change(ns, () => {
        const { d, v } = mustVersion(deployments, ns, versionRefOf(req));
        return { d, result: { metadata: upsertVersionMetadata(v, req.upsertEntries ?? {}, req.removeEntries ?? []) } };
      });
    },

    CreateWorkerDeployment(req: Req<'CreateWorkerDeploymentRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      checkCreatable(deployments, ns, req.deploymentName);
      return change(ns, (tx) => {
        const d = deployments.create(ns, req.deploymentName!, tx.now, req.identity ?? '');
        return { d, result: { conflictToken: Buffer.from(String(d.conflictToken)) } };
      });
    },

    CreateWorkerDeploymentVersion(req: Req<'CreateWorkerDeploymentVersionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const ref = req.deploymentVersion;
      checkCreatable(deployments, ns, ref?.deploymentName, ref?.buildId ?? '');
      if (req.computeConfig) throw invalidArgument('A compute config needs a compute provider to run workers, which the Durable dev server does not have.');
      return change(ns, (tx) => {
        const d = deployments.get(ns, ref!.deploymentName!) ?? deployments.create(ns, ref!.deploymentName!, tx.now, req.identity ?? '');
        deployments.addVersion(d, ref!.buildId!, tx.now);
        return { d, result: {} };
      });
    },

    DeleteWorkerDeploymentVersion(req: Req<'DeleteWorkerDeploymentVersionRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      return change(ns, () => {
        const { d, v } = mustVersion(deployments, ns, versionRefOf(req));
        checkVersionDeletable(d, v, pinnedRuns(ns), hasPollers(ns, d, v.buildId), req.skipDrainage ?? false);
        delete d.versions[v.buildId];
        return { d, result: {} };
      });
    },

    DeleteWorkerDeployment(req: Req<'DeleteWorkerDeploymentRequest'>) {
      const ns = namespaces.get(req.namespace).name;
      const d = mustDeployment(deployments, ns, req.deploymentName);
      const versions = Object.keys(d.versions);
      if (versions.length) {
        throw new ServiceError(Code.FAILED_PRECONDITION, `worker deployment '${d.name}' cannot be deleted while it has versions (${versions.join(', ')}); delete them first`);
      }
      engine.transact(() => deployments.remove(ns, d.name));
      return {};
    },

    // The pre-release deployment API (versioning v3 preview): Temporal answers these with this, too.
    DescribeDeployment: () => {
      throw deploymentsGone();
    },
    ListDeployments: () => {
      throw deploymentsGone();
    },
    GetDeploymentReachability: () => {
      throw deploymentsGone();
    },
    GetCurrentDeployment: () => {
      throw deploymentsGone();
    },
    SetCurrentDeployment: () => {
      throw deploymentsGone();
    },
  };
}

/**
 * Build-id based versioning (v0.1 version sets, v0.2 rules), deprecated: off in Temporal unless its dynamic config
 * turns it on, and not served here even then.
 */
export function buildIdVersioningHandlers(engine: Engine): Record<string, Handler> {
  const refuse = (enabled: boolean, what: string, offText: string) => () => {
    if (enabled) throw new ServiceError(Code.UNIMPLEMENTED, `${what} is deprecated and not served by the Durable dev server; use worker deployments.`);
    throw new ServiceError(Code.PERMISSION_DENIED, offText);
  };
  const data = engine.config.bool('frontend.workerVersioningDataAPIs');
  const rules = engine.config.bool('frontend.workerVersioningRuleAPIs');
  const v01 = 'Worker versioning v0.1 (Version Set-based, deprecated) is disabled on this namespace.';
  const v02 = 'Worker versioning v0.2 (Rules-based, deprecated) is disabled on this namespace.';
  return {
    UpdateWorkerBuildIdCompatibility: refuse(data, 'Worker versioning v0.1 (version sets)', v01),
    GetWorkerBuildIdCompatibility: refuse(data, 'Worker versioning v0.1 (version sets)', v01),
    GetWorkerTaskReachability: refuse(data, 'Worker versioning v0.1 task reachability', v02),
    UpdateWorkerVersioningRules: refuse(rules, 'Worker versioning v0.2 (versioning rules)', v02),
    GetWorkerVersioningRules: refuse(rules, 'Worker versioning v0.2 (versioning rules)', v02),
  };
}
