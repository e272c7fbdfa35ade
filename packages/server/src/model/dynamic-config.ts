// Temporal's dynamic config, the part this server reads: the keys `temporal server start-dev --dynamic-config-value
// KEY=VALUE` takes, with Temporal's defaults (common/dynamicconfig/constants.go). Values arrive as the CLI passes
// them, JSON or bare text; a value of the wrong type is refused at start, naming the key.

type Kind = 'int' | 'bool' | 'float';

interface Setting {
  kind: Kind;
  default: number | boolean;
}

const int = (d: number): Setting => ({ kind: 'int', default: d });
const bool = (d: boolean): Setting => ({ kind: 'bool', default: d });

/** The settings the server enforces, by Temporal's key. */
export const SETTINGS = {
  'limit.blobSize.error': int(2 * 1024 * 1024),
  'limit.blobSize.warn': int(512 * 1024),
  'limit.memoSize.error': int(2 * 1024 * 1024),
  'limit.memoSize.warn': int(2 * 1024),
  'limit.historySize.error': int(50 * 1024 * 1024),
  'limit.historySize.warn': int(10 * 1024 * 1024),
  'limit.historySize.suggestContinueAsNew': int(4 * 1024 * 1024),
  'limit.historyCount.error': int(50 * 1024),
  'limit.historyCount.warn': int(10 * 1024),
  'limit.historyCount.suggestContinueAsNew': int(4 * 1024),
  'limit.numPendingActivities.error': int(2000),
  'limit.numPendingChildExecutions.error': int(2000),
  'limit.numPendingSignals.error': int(2000),
  'limit.numPendingCancelRequests.error': int(2000),
  'history.maximumSignalsPerExecution': int(10000),
  'limit.userMetadataSummarySize': int(400),
  'limit.userMetadataDetailsSize': int(20000),
  'worker.batcherRPS': int(50),
  'frontend.MaxConcurrentBatchOperationPerNamespace': int(1),
  'system.enableEagerWorkflowStart': bool(true),
  'frontend.enableExecuteMultiOperation': bool(true),
  'frontend.workerVersioningWorkflowAPIs': bool(true),
  'frontend.workerVersioningDataAPIs': bool(false),
  'frontend.workerVersioningRuleAPIs': bool(false),
  // Temporal's default is off; its rule APIs are experimental. Served here unless switched off.
  'frontend.workflowRulesAPIsEnabled': bool(true),
  'frontend.maxWorkflowRulesPerNamespace': int(10),
} as const satisfies Record<string, Setting>;

export type SettingKey = keyof typeof SETTINGS;

/**
 * Keys the Temporal CLI and @temporalio/testing pass that change nothing here: the behaviour they ask for is this
 * server's only behaviour.
 */
const ACCEPTED = new Set([
  'frontend.enableServerVersionCheck',
  'frontend.enableUpdateWorkflowExecution',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted',
  'system.forceSearchAttributesCacheRefreshOnRead',
  'worker.buildIdScavengerEnabled',
  'worker.removableBuildIdDurationSinceDefault',
  'history.enableWorkflowExecutionTimeoutTimer',
  'component.nexusoperations.callback.endpoint.template',
  'component.callbacks.allowedAddresses',
  'frontend.activityAPIsEnabled',
  'activity.enableStandalone',
  'history.enableChasm',
  'history.enableTransitionHistory',
  'frontend.enableBatcher',
  'frontend.ListWorkersEnabled',
  'frontend.WorkerHeartbeatsEnabled',
  'matching.enableFairness',
]);

/** Raised for a dynamic config value of the wrong type; the message names the key and the expected type. */
export class DynamicConfigError extends Error {
  override name = 'DynamicConfigError';
}

function parse(key: string, setting: Setting, text: string): number | boolean {
  let value: unknown = text.trim();
  try {
    value = JSON.parse(text);
  } catch {
    // bare text: checked below
  }
  if (setting.kind === 'bool') {
    if (typeof value === 'boolean') return value;
    throw new DynamicConfigError(`dynamic config ${key} takes true or false, got ${JSON.stringify(text)}`);
  }
  const n = typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n) || (setting.kind === 'int' && !Number.isInteger(n)) || n < 0) {
    throw new DynamicConfigError(`dynamic config ${key} takes a non-negative ${setting.kind === 'int' ? 'integer' : 'number'}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** The values in force: Temporal's defaults, overridden by `--dynamic-config-value`. */
export class DynamicConfig {
  private readonly values = new Map<string, number | boolean>();
  /** Keys given that this server neither reads nor needs, for the caller to warn about. */
  readonly unknownKeys: string[] = [];

  constructor(given: Record<string, string> = {}) {
    for (const [key, text] of Object.entries(given)) {
      const setting = (SETTINGS as Record<string, Setting>)[key];
      if (setting) this.values.set(key, parse(key, setting, text));
      else if (!ACCEPTED.has(key)) this.unknownKeys.push(key);
    }
  }

  int(key: SettingKey): number {
    return Number(this.values.get(key) ?? SETTINGS[key].default);
  }

  bool(key: SettingKey): boolean {
    return Boolean(this.values.get(key) ?? SETTINGS[key].default);
  }
}
