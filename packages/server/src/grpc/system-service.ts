import { temporal } from '@durable/proto';
import { invalidArgument } from '../model/errors.js';
import type { Engine } from '../runtime/engine.js';
import type { NamespaceRecord } from '../infra/namespaces.js';
import { duration, durationMs } from '../model/events.js';
import { SYSTEM_SEARCH_ATTRIBUTES } from '../infra/visibility/list-query.js';
import type { Handler } from './bind.js';

type V1 = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof V1> = V1[K] extends { prototype: infer I } ? I : never;
type OpV1 = typeof temporal.api.operatorservice.v1;
type OpReq<K extends keyof OpV1> = OpV1[K] extends { prototype: infer I } ? I : never;

const Enums = temporal.api.enums.v1;
export const SERVER_VERSION = '1.29.0';

const indexedValueTypes: Record<string, number> = {
  Text: Enums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: Enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: Enums.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: Enums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: Enums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: Enums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: Enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};
const typeNames = Object.fromEntries(Object.entries(indexedValueTypes).map(([k, v]) => [v, k]));

function describe(ns: NamespaceRecord): temporal.api.workflowservice.v1.IDescribeNamespaceResponse {
  return {
    namespaceInfo: {
      name: ns.name,
      id: ns.id,
      state: ns.state ?? Enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: ns.description,
      ownerEmail: ns.ownerEmail,
      data: ns.data,
      capabilities: {
        eagerWorkflowStart: false,
        syncUpdate: true,
        asyncUpdate: true,
        workerHeartbeats: true,
        pollerAutoscaling: false,
        workerPollCompleteOnShutdown: false,
      },
      supportsSchedules: true,
    },
    config: {
      workflowExecutionRetentionTtl: duration(ns.retentionMs),
      historyArchivalState: Enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
      visibilityArchivalState: Enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
    },
    isGlobalNamespace: false,
  };
}

export function systemHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    GetSystemInfo() {
      return {
        serverVersion: SERVER_VERSION,
        capabilities: {
          signalAndQueryHeader: true,
          internalErrorDifferentiation: true,
          activityFailureIncludeHeartbeat: true,
          supportsSchedules: true,
          encodedFailureAttributes: true,
          buildIdBasedVersioning: false,
          upsertMemo: true,
          eagerWorkflowStart: false,
          sdkMetadata: true,
          countGroupByExecutionStatus: true,
          nexus: false,
        },
      };
    },
    GetClusterInfo() {
      return {
        clusterName: 'durable-dev',
        serverVersion: SERVER_VERSION,
        clusterId: 'durable-dev',
        historyShardCount: 1,
        persistenceStore: 'sqlite',
        visibilityStore: 'sqlite',
        supportedClients: {},
      };
    },
    DescribeNamespace(req: Req<'DescribeNamespaceRequest'>) {
      if (req.id) {
        const ns = namespaces.getById(req.id);
        if (!ns) return describe(namespaces.get(`id:${req.id}`));
        return describe(ns);
      }
      return describe(namespaces.get(req.namespace));
    },
    ListNamespaces() {
      return { namespaces: namespaces.list().map(describe) };
    },
    RegisterNamespace(req: Req<'RegisterNamespaceRequest'>) {
      if (!req.namespace) throw invalidArgument('Namespace is not set on request.');
      const retentionMs = durationMs(req.workflowExecutionRetentionPeriod) || 24 * 3600 * 1000;
      engine.store.transaction(() =>
        namespaces.register(
          {
            name: req.namespace,
            description: req.description ?? '',
            ownerEmail: req.ownerEmail ?? '',
            retentionMs,
            data: req.data ?? {},
          },
          engine.now(),
        ),
      );
      return {};
    },
    UpdateNamespace(req: Req<'UpdateNamespaceRequest'>) {
      const current = namespaces.get(req.namespace);
      const info = req.updateInfo;
      const retentionMs = durationMs(req.config?.workflowExecutionRetentionTtl);
      if (req.replicationConfig?.clusters?.length || req.promoteNamespace) {
        throw invalidArgument('The Durable dev server runs one cluster: namespaces cannot be replicated or promoted.');
      }
      const updated = engine.store.transaction(() =>
        namespaces.update(current.name, {
          description: info?.description || current.description,
          ownerEmail: info?.ownerEmail || current.ownerEmail,
          data: { ...current.data, ...(info?.data ?? {}) },
          retentionMs: retentionMs > 0 ? retentionMs : current.retentionMs,
          state: info?.state || current.state,
        }),
      );
      const d = describe(updated);
      return { namespaceInfo: d.namespaceInfo, config: d.config, isGlobalNamespace: false };
    },
    DeprecateNamespace(req: Req<'DeprecateNamespaceRequest'>) {
      const ns = namespaces.get(req.namespace);
      engine.store.transaction(() => namespaces.update(ns.name, { state: Enums.NamespaceState.NAMESPACE_STATE_DEPRECATED }));
      return {};
    },
    GetSearchAttributes() {
      const keys: Record<string, number> = {};
      for (const [name, type] of Object.entries(SYSTEM_SEARCH_ATTRIBUTES)) keys[name] = indexedValueTypes[type as string];
      for (const ns of namespaces.list()) {
        for (const [name, type] of namespaces.customAttributes(ns.name)) keys[name] = indexedValueTypes[type];
      }
      return { keys };
    },
  };
}

export function operatorHandlers(engine: Engine): Record<string, Handler> {
  const namespaces = engine.namespaces;
  return {
    AddSearchAttributes(req: OpReq<'AddSearchAttributesRequest'>) {
      const ns = namespaces.get(req.namespace || 'default').name;
      const entries = Object.entries(req.searchAttributes ?? {});
      if (entries.length === 0) throw invalidArgument('SearchAttributes are not set on request.');
      engine.store.transaction(() => {
        for (const [name, type] of entries) {
          const typeName = typeNames[type];
          if (!typeName) throw invalidArgument(`Unknown search attribute type ${type} for ${name}.`);
          namespaces.addAttribute(ns, name, typeName);
        }
      });
      return {};
    },
    ListSearchAttributes(req: OpReq<'ListSearchAttributesRequest'>) {
      const ns = namespaces.get(req.namespace || 'default').name;
      const customAttributes: Record<string, number> = {};
      for (const [name, type] of namespaces.customAttributes(ns)) customAttributes[name] = indexedValueTypes[type];
      const systemAttributes: Record<string, number> = {};
      for (const [name, type] of Object.entries(SYSTEM_SEARCH_ATTRIBUTES)) systemAttributes[name] = indexedValueTypes[type as string];
      return { customAttributes, systemAttributes, storageSchema: {} };
    },
  };
}

export function healthHandlers(): Record<string, Handler> {
  return {
    Check() {
      return { status: 1 /* SERVING */ };
    },
  };
}

