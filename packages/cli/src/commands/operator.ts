// durable operator namespace | search-attribute | cluster: administering the server.
import type { CommandSpec, GroupSpec } from '../command.js';
import { protoDuration } from '../durations.js';
import type { Flags } from '../flags.js';
import { enumValue, enumWord } from '../proto-enums.js';
import { OS, WS } from '../proto-json.js';
import { UsageError } from '../usage-error.js';
import { keyJsonPairs } from '../payloads.js';
import { rpcCommand } from './rpc-command.js';
import { confirm } from './shared.js';

const SA_TYPES = ['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;
const NAME_ARG = [{ name: 'NAMESPACE', required: false }];

function namespaceName(flags: Flags, args: string[]): string {
  const name = args[0] ?? flags.string('namespace');
  if (!name) throw new UsageError('name the namespace: durable operator namespace <verb> NAME (or --namespace)');
  return name;
}

const NS_OPTIONS = [
  { name: 'description', type: 'string' as const, description: 'Namespace description.' },
  { name: 'email', type: 'string' as const, description: 'Owner email.' },
  { name: 'data', type: 'string[]' as const, meta: 'KEY=JSON', description: 'Namespace data. Repeatable.' },
  { name: 'history-archival-state', type: 'enum' as const, values: ['disabled', 'enabled'], description: 'History archival.' },
  { name: 'history-uri', type: 'string' as const, description: 'Where history is archived.' },
  { name: 'visibility-archival-state', type: 'enum' as const, values: ['disabled', 'enabled'], description: 'Visibility archival.' },
  { name: 'visibility-uri', type: 'string' as const, description: 'Where visibility records are archived.' },
  { name: 'active-cluster', type: 'string' as const, description: 'Active cluster (multi-cluster setups).' },
  { name: 'cluster', type: 'string[]' as const, description: 'Clusters of the namespace. Repeatable.' },
];

const dataOf = (flags: Flags) => Object.fromEntries(Object.entries(keyJsonPairs(flags, 'data')).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
const archival = (flags: Flags, name: string) => (flags.string(name) ? enumValue('ArchivalState', 'ARCHIVAL_STATE', flags.string(name)!) : undefined);

export const operatorGroups: GroupSpec[] = [
  { path: 'operator', summary: 'Administer the server: namespaces, search attributes, cluster', description: 'Example:\n  durable operator namespace list' },
  { path: 'operator namespace', summary: 'Create, describe, list, update and delete namespaces', description: 'Example:\n  durable operator namespace create \\\n      --retention 7d \\\n      YourNamespace' },
  { path: 'operator search-attribute', summary: 'Add, list and remove custom search attributes', description: 'Example:\n  durable operator search-attribute create \\\n      --name CustomerId \\\n      --type Keyword' },
  { path: 'operator cluster', summary: 'Show the server\'s cluster, health and capabilities', description: 'Example:\n  durable operator cluster health' },
];

export const operatorCommands: CommandSpec[] = [
  rpcCommand({
    path: 'operator namespace create',
    summary: 'Register a new namespace',
    description: 'Example:\n  durable operator namespace create \\\n      --retention 72h \\\n      --description "Orders" \\\n      YourNamespace',
    args: NAME_ARG,
    options: [{ name: 'retention', type: 'duration', default: '72h', description: 'How long closed workflows are kept.' }, { name: 'global', type: 'bool', description: 'Replicate across clusters.' }, ...NS_OPTIONS],
    request: (flags, args) => ({
      namespace: namespaceName(flags, args),
      description: flags.string('description'),
      ownerEmail: flags.string('email'),
      workflowExecutionRetentionPeriod: protoDuration(flags.number('retention') ?? 72 * 3_600_000),
      data: dataOf(flags),
      historyArchivalState: archival(flags, 'history-archival-state'),
      historyArchivalUri: flags.string('history-uri'),
      visibilityArchivalState: archival(flags, 'visibility-archival-state'),
      visibilityArchivalUri: flags.string('visibility-uri'),
      activeClusterName: flags.string('active-cluster'),
      clusters: flags.list('cluster').map((clusterName) => ({ clusterName })),
      isGlobalNamespace: flags.bool('global'),
    }),
    call: (c, r) => c.connection.workflowService.registerNamespace(r),
    responseType: WS('RegisterNamespaceResponse'),
    text: (_r, _c, req) => `Namespace ${req.namespace} successfully registered.`,
  }),
  rpcCommand({
    path: 'operator namespace describe',
    summary: 'Show a namespace\'s settings',
    description: 'Example:\n  durable operator namespace describe YourNamespace',
    args: NAME_ARG,
    options: [{ name: 'namespace-id', type: 'string', description: 'Namespace ID, instead of its name.' }],
    request: (flags, args) => (flags.string('namespace-id') ? { id: flags.string('namespace-id') } : { namespace: namespaceName(flags, args) }),
    call: (c, r) => c.connection.workflowService.describeNamespace(r),
    responseType: WS('DescribeNamespaceResponse'),
  }),
  rpcCommand({
    path: 'operator namespace list',
    summary: 'List the namespaces',
    description: 'Example:\n  durable operator namespace list',
    request: () => ({ pageSize: 1000 }),
    call: (c, r) => c.connection.workflowService.listNamespaces(r),
    responseType: WS('ListNamespacesResponse'),
    text: (r) => {
      const list = (r as { namespaces?: { namespaceInfo?: { name?: string; state?: number; description?: string } }[] }).namespaces ?? [];
      return ['Name  State  Description', ...list.map((n) => `${n.namespaceInfo?.name}  ${enumWord('NamespaceState', n.namespaceInfo?.state)}  ${n.namespaceInfo?.description ?? ''}`.trimEnd())].join('\n');
    },
  }),
  rpcCommand({
    path: 'operator namespace update',
    summary: 'Change a namespace\'s settings',
    description: 'Example:\n  durable operator namespace update \\\n      --retention 7d \\\n      YourNamespace',
    args: NAME_ARG,
    options: [
      { name: 'retention', type: 'duration', description: 'How long closed workflows are kept.' },
      { name: 'promote-global', type: 'bool', description: 'Make the namespace global.' },
      { name: 'replication-state', type: 'enum', values: ['normal', 'handover'], description: 'Replication state.' },
      { name: 'unset-description', type: 'bool', description: 'Remove the description.' },
      ...NS_OPTIONS,
    ],
    request: (flags, args) => {
      if (flags.string('description') && flags.bool('unset-description')) throw new UsageError('--description and --unset-description cannot be combined');
      const retention = flags.number('retention');
      return {
        namespace: namespaceName(flags, args),
        updateInfo: { description: flags.bool('unset-description') ? '' : flags.string('description'), ownerEmail: flags.string('email'), data: dataOf(flags) },
        config: {
          workflowExecutionRetentionTtl: retention === undefined ? undefined : protoDuration(retention),
          historyArchivalState: archival(flags, 'history-archival-state'),
          historyArchivalUri: flags.string('history-uri'),
          visibilityArchivalState: archival(flags, 'visibility-archival-state'),
          visibilityArchivalUri: flags.string('visibility-uri'),
        },
        replicationConfig: flags.string('active-cluster') || flags.list('cluster').length || flags.string('replication-state')
          ? { activeClusterName: flags.string('active-cluster'), clusters: flags.list('cluster').map((clusterName) => ({ clusterName })), state: flags.string('replication-state') ? enumValue('ReplicationState', 'REPLICATION_STATE', flags.string('replication-state')!) : undefined }
          : undefined,
        promoteNamespace: flags.bool('promote-global'),
      };
    },
    call: (c, r) => c.connection.workflowService.updateNamespace(r),
    responseType: WS('UpdateNamespaceResponse'),
    text: (_r, _c, req) => `Namespace ${req.namespace} successfully updated.`,
  }),
  {
    path: 'operator namespace delete',
    summary: 'Delete a namespace and everything in it',
    description: 'Example:\n  durable operator namespace delete YourNamespace --yes',
    args: NAME_ARG,
    options: [{ name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before deleting.' }],
    validate: (flags, args) => void namespaceName(flags, args),
    async run(ctx) {
      const namespace = namespaceName(ctx.flags, ctx.args);
      if (!(await confirm(ctx, `Delete namespace ${namespace} and all its workflows?`))) return 1;
      const c = await ctx.client();
      const r = await c.connection.operatorService.deleteNamespace({ namespace });
      ctx.print.object({ deletedNamespace: r.deletedNamespace }, `Namespace ${namespace} has been deleted (as ${r.deletedNamespace}).`);
    },
  },
  rpcCommand({
    path: 'operator search-attribute create',
    summary: 'Add custom search attributes',
    description: 'Give --name and --type once per attribute, in the same order.\n\nExample:\n  durable operator search-attribute create \\\n      --name CustomerId \\\n      --type Keyword',
    options: [
      { name: 'name', type: 'string[]', required: true, description: 'Attribute name. Repeatable.' },
      { name: 'type', type: 'enum[]', values: SA_TYPES, required: true, description: 'Attribute type, one per --name. Repeatable.' },
    ],
    request: (flags) => {
      const names = flags.list('name');
      const types = flags.list('type');
      if (names.length !== types.length) throw new UsageError(`give one --type per --name (${names.length} names, ${types.length} types)`);
      return { searchAttributes: Object.fromEntries(names.map((n, i) => [n, enumValue('IndexedValueType', 'INDEXED_VALUE_TYPE', types[i])])) };
    },
    call: (c, r) => c.connection.operatorService.addSearchAttributes({ ...r, namespace: c.namespace }),
    responseType: OS('AddSearchAttributesResponse'),
    done: 'Search attributes have been added',
  }),
  rpcCommand({
    path: 'operator search-attribute list',
    summary: 'List the search attributes of the namespace',
    description: 'Example:\n  durable operator search-attribute list',
    request: () => ({}),
    call: (c) => c.connection.operatorService.listSearchAttributes({ namespace: c.namespace }),
    responseType: OS('ListSearchAttributesResponse'),
    text: (r) => {
      const res = r as { customAttributes?: Record<string, number>; systemAttributes?: Record<string, number> };
      const rows = [...Object.entries(res.systemAttributes ?? {}).map(([n, t]) => [n, t, 'system'] as const), ...Object.entries(res.customAttributes ?? {}).map(([n, t]) => [n, t, 'custom'] as const)];
      return ['Name  Type  Kind', ...rows.map(([n, t, k]) => `${n}  ${enumWord('IndexedValueType', t)}  ${k}`)].join('\n');
    },
  }),
  {
    path: 'operator search-attribute remove',
    summary: 'Remove custom search attributes',
    description: 'Example:\n  durable operator search-attribute remove \\\n      --name CustomerId --yes',
    options: [{ name: 'name', type: 'string[]', required: true, description: 'Attribute name. Repeatable.' }, { name: 'yes', short: 'y', type: 'bool', description: 'Do not ask before removing.' }],
    async run(ctx) {
      const names = ctx.flags.list('name');
      if (!(await confirm(ctx, `Remove search attributes ${names.join(', ')}?`))) return 1;
      const c = await ctx.client();
      await c.connection.operatorService.removeSearchAttributes({ namespace: c.namespace, searchAttributes: names });
      ctx.print.object({ removed: names }, 'Search attributes have been removed');
    },
  },
  rpcCommand({
    path: 'operator cluster describe',
    summary: 'Show the cluster: name, versions, history shards',
    description: 'Example:\n  durable operator cluster describe --detail',
    options: [{ name: 'detail', type: 'bool', description: 'Show everything the server says.' }],
    request: () => ({}),
    call: (c) => c.connection.workflowService.getClusterInfo({}),
    responseType: WS('GetClusterInfoResponse'),
  }),
  {
    path: 'operator cluster health',
    summary: 'Check that the server answers',
    description: 'Exits 0 and prints SERVING when the server answers.\n\nExample:\n  durable operator cluster health',
    async run(ctx) {
      const c = await ctx.client();
      await c.connection.workflowService.getSystemInfo({});
      ctx.print.object({ status: 'SERVING' }, 'SERVING');
    },
  },
  rpcCommand({
    path: 'operator cluster system',
    summary: 'Show the server\'s version and capabilities',
    description: 'Example:\n  durable operator cluster system',
    request: () => ({}),
    call: (c) => c.connection.workflowService.getSystemInfo({}),
    responseType: WS('GetSystemInfoResponse'),
  }),
  rpcCommand({
    path: 'operator cluster list',
    summary: 'List the clusters this one knows (multi-cluster setups)',
    description: 'Example:\n  durable operator cluster list',
    options: [{ name: 'limit', type: 'int', description: 'Show at most this many.' }],
    request: (flags) => ({ pageSize: flags.number('limit') ?? 100 }),
    call: (c, r) => c.connection.operatorService.listClusters(r),
    responseType: OS('ListClustersResponse'),
  }),
  rpcCommand({
    path: 'operator cluster upsert',
    summary: 'Add or update a remote cluster',
    description: 'Example:\n  durable operator cluster upsert \\\n      --frontend-address remote:7233',
    options: [
      { name: 'frontend-address', type: 'string', required: true, description: 'The remote cluster\'s address.' },
      { name: 'enable-connection', type: 'bool', description: 'Enable the connection.' },
      { name: 'enable-replication', type: 'bool', description: 'Enable replication.' },
    ],
    request: (flags) => ({ frontendAddress: flags.string('frontend-address'), enableRemoteClusterConnection: flags.bool('enable-connection'), enableReplication: flags.bool('enable-replication') }),
    call: (c, r) => c.connection.operatorService.addOrUpdateRemoteCluster(r),
    responseType: OS('AddOrUpdateRemoteClusterResponse'),
    done: 'Upserted cluster',
  }),
  rpcCommand({
    path: 'operator cluster remove',
    summary: 'Remove a remote cluster',
    description: 'Example:\n  durable operator cluster remove \\\n      --name YourCluster',
    options: [{ name: 'name', type: 'string', required: true, description: 'Cluster name.' }],
    request: (flags) => ({ clusterName: flags.string('name') }),
    call: (c, r) => c.connection.operatorService.removeRemoteCluster(r),
    responseType: OS('RemoveRemoteClusterResponse'),
    done: 'Removed cluster',
  }),
];

