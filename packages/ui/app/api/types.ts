// The parts of Temporal's proto3 JSON the UI reads. Every field is optional because proto3 JSON leaves out default
// values; int64 fields arrive as strings, timestamps as RFC 3339 strings, durations as "1.5s", enums by name.

export interface WorkflowExecution {
  workflowId?: string;
  runId?: string;
}

export interface NamedType {
  name?: string;
}

/** A Payloads field: with payload shorthand an array of values, otherwise `{payloads: [{metadata, data}]}`. */
export type PayloadsJson = unknown;
/** One Payload: with payload shorthand the value itself, otherwise `{metadata, data}`. */
export type PayloadJson = unknown;

export interface Failure {
  message?: string;
  source?: string;
  stackTrace?: string;
  encodedAttributes?: PayloadJson;
  cause?: Failure;
  applicationFailureInfo?: { type?: string; nonRetryable?: boolean; details?: PayloadsJson };
  timeoutFailureInfo?: { timeoutType?: string; lastHeartbeatDetails?: PayloadsJson };
  canceledFailureInfo?: { details?: PayloadsJson };
  terminatedFailureInfo?: object;
  serverFailureInfo?: { nonRetryable?: boolean };
  resetWorkflowFailureInfo?: { lastHeartbeatDetails?: PayloadsJson };
  activityFailureInfo?: {
    scheduledEventId?: string;
    startedEventId?: string;
    identity?: string;
    activityType?: NamedType;
    activityId?: string;
    retryState?: string;
  };
  childWorkflowExecutionFailureInfo?: {
    namespace?: string;
    workflowExecution?: WorkflowExecution;
    workflowType?: NamedType;
    initiatedEventId?: string;
    startedEventId?: string;
    retryState?: string;
  };
}

export interface RetryPolicy {
  initialInterval?: string;
  backoffCoefficient?: number;
  maximumInterval?: string;
  maximumAttempts?: number;
  nonRetryableErrorTypes?: string[];
}

export interface WorkflowExecutionInfo {
  execution?: WorkflowExecution;
  type?: NamedType;
  startTime?: string;
  closeTime?: string;
  executionTime?: string;
  status?: string;
  historyLength?: string;
  historySizeBytes?: string;
  parentNamespaceId?: string;
  parentExecution?: WorkflowExecution;
  rootExecution?: WorkflowExecution;
  memo?: { fields?: Record<string, PayloadJson> };
  searchAttributes?: { indexedFields?: Record<string, PayloadJson> };
  taskQueue?: string;
  stateTransitionCount?: string;
}

export interface PendingActivity {
  activityId?: string;
  activityType?: NamedType;
  state?: string;
  heartbeatDetails?: PayloadsJson;
  lastHeartbeatTime?: string;
  lastStartedTime?: string;
  attempt?: number;
  maximumAttempts?: number;
  scheduledTime?: string;
  expirationTime?: string;
  lastFailure?: Failure;
  lastWorkerIdentity?: string;
  currentRetryInterval?: string;
  lastAttemptCompleteTime?: string;
  nextAttemptScheduleTime?: string;
}

export interface PendingChild {
  workflowId?: string;
  runId?: string;
  workflowTypeName?: string;
  initiatedId?: string;
  parentClosePolicy?: string;
}

export interface DescribeWorkflowResponse {
  executionConfig?: {
    taskQueue?: { name?: string };
    workflowExecutionTimeout?: string;
    workflowRunTimeout?: string;
    defaultWorkflowTaskTimeout?: string;
    userMetadata?: { summary?: PayloadJson; details?: PayloadJson };
  };
  workflowExecutionInfo?: WorkflowExecutionInfo;
  pendingActivities?: PendingActivity[];
  pendingChildren?: PendingChild[];
  pendingWorkflowTask?: { state?: string; scheduledTime?: string; startedTime?: string; attempt?: number };
}

/** Attributes of any history event: the union of the fields the UI reads, all optional. */
export interface EventAttributes {
  workflowType?: NamedType;
  taskQueue?: { name?: string };
  input?: PayloadsJson;
  result?: PayloadsJson;
  failure?: Failure;
  lastFailure?: Failure;
  details?: PayloadsJson;
  reason?: string;
  identity?: string;
  attempt?: number;
  activityId?: string;
  activityType?: NamedType;
  scheduledEventId?: string;
  startedEventId?: string;
  initiatedEventId?: string;
  retryPolicy?: RetryPolicy;
  startToCloseTimeout?: string;
  scheduleToCloseTimeout?: string;
  timerId?: string;
  startToFireTimeout?: string;
  signalName?: string;
  namespace?: string;
  workflowId?: string;
  workflowExecution?: WorkflowExecution;
  parentWorkflowNamespace?: string;
  parentWorkflowExecution?: WorkflowExecution;
  originalExecutionRunId?: string;
  firstExecutionRunId?: string;
  continuedExecutionRunId?: string;
  newExecutionRunId?: string;
  retryState?: string;
  timeoutType?: string;
  markerName?: string;
  cause?: string;
  protocolInstanceId?: string;
  acceptedEventId?: string;
  acceptedRequest?: { meta?: { updateId?: string }; input?: { name?: string; args?: PayloadsJson } };
  request?: { meta?: { updateId?: string }; input?: { name?: string; args?: PayloadsJson } };
  meta?: { updateId?: string };
  outcome?: { success?: PayloadsJson; failure?: Failure };
  header?: unknown;
  memo?: unknown;
  searchAttributes?: unknown;
  userMetadata?: unknown;
}

export interface HistoryEvent {
  eventId: string;
  eventTime?: string;
  eventType: string;
  taskId?: string;
  userMetadata?: { summary?: PayloadJson; details?: PayloadJson };
  /** every event carries exactly one `<kind>EventAttributes` field besides these */
  [field: string]: unknown;
}

export interface HistoryResponse {
  history?: { events?: HistoryEvent[] };
  nextPageToken?: string;
}

export interface ListWorkflowsResponse {
  executions?: WorkflowExecutionInfo[];
  nextPageToken?: string;
}

export interface CountWorkflowsResponse {
  count?: string;
  groups?: { groupValues?: PayloadJson[]; count?: string }[];
}

export interface QueryResponse {
  queryResult?: PayloadsJson;
  queryRejected?: { status?: string };
}

export interface UpdateResponse {
  updateRef?: { updateId?: string };
  outcome?: { success?: PayloadsJson; failure?: Failure };
  stage?: string;
}

export interface NamespaceInfo {
  namespaceInfo?: { name?: string; state?: string; description?: string; ownerEmail?: string; id?: string };
  config?: { workflowExecutionRetentionTtl?: string };
  isGlobalNamespace?: boolean;
}

export interface TaskQueuePoller {
  lastAccessTime?: string;
  identity?: string;
  ratePerSecond?: number;
}

export interface DescribeTaskQueueResponse {
  pollers?: TaskQueuePoller[];
}

export interface ScheduleRange {
  start?: number;
  end?: number;
  step?: number;
}

export interface StructuredCalendar {
  second?: ScheduleRange[];
  minute?: ScheduleRange[];
  hour?: ScheduleRange[];
  dayOfMonth?: ScheduleRange[];
  month?: ScheduleRange[];
  year?: ScheduleRange[];
  dayOfWeek?: ScheduleRange[];
  comment?: string;
}

export interface CalendarSpec {
  second?: string;
  minute?: string;
  hour?: string;
  dayOfMonth?: string;
  month?: string;
  year?: string;
  dayOfWeek?: string;
  comment?: string;
}

export interface ScheduleSpec {
  structuredCalendar?: StructuredCalendar[];
  cronString?: string[];
  calendar?: CalendarSpec[];
  interval?: { interval?: string; phase?: string }[];
  excludeCalendar?: CalendarSpec[];
  excludeStructuredCalendar?: StructuredCalendar[];
  startTime?: string;
  endTime?: string;
  jitter?: string;
  timezoneName?: string;
}

export interface ScheduleAction {
  scheduleTime?: string;
  actualTime?: string;
  startWorkflowResult?: WorkflowExecution;
  startWorkflowStatus?: string;
}

export interface ScheduleListEntry {
  scheduleId?: string;
  info?: {
    spec?: ScheduleSpec;
    workflowType?: NamedType;
    notes?: string;
    paused?: boolean;
    recentActions?: ScheduleAction[];
    futureActionTimes?: string[];
  };
}

export interface DescribeScheduleResponse {
  schedule?: {
    spec?: ScheduleSpec;
    action?: {
      startWorkflow?: { workflowId?: string; workflowType?: NamedType; taskQueue?: { name?: string }; input?: PayloadsJson };
    };
    policies?: { overlapPolicy?: string; catchupWindow?: string; pauseOnFailure?: boolean };
    state?: { notes?: string; paused?: boolean; limitedActions?: boolean; remainingActions?: string };
  };
  info?: {
    actionCount?: string;
    missedCatchupWindow?: string;
    overlapSkipped?: string;
    runningWorkflows?: WorkflowExecution[];
    recentActions?: ScheduleAction[];
    futureActionTimes?: string[];
    createTime?: string;
    updateTime?: string;
  };
  memo?: { fields?: Record<string, PayloadJson> };
  searchAttributes?: { indexedFields?: Record<string, PayloadJson> };
}

export interface WorkerSlotsInfo {
  currentAvailableSlots?: number;
  currentUsedSlots?: number;
  totalProcessedTasks?: number;
  totalFailedTasks?: number;
}

export interface WorkerPollerInfo {
  currentPollers?: number;
  lastSuccessfulPollTime?: string;
}

/** A worker's last RecordWorkerHeartbeat, as ListWorkers answers it. */
export interface WorkerHeartbeat {
  workerInstanceKey?: string;
  workerIdentity?: string;
  hostInfo?: { hostName?: string; processId?: string };
  taskQueue?: string;
  deploymentVersion?: { deploymentName?: string; buildId?: string };
  sdkName?: string;
  sdkVersion?: string;
  status?: string;
  startTime?: string;
  heartbeatTime?: string;
  workflowTaskSlotsInfo?: WorkerSlotsInfo;
  activityTaskSlotsInfo?: WorkerSlotsInfo;
  workflowPollerInfo?: WorkerPollerInfo;
  workflowStickyPollerInfo?: WorkerPollerInfo;
  activityPollerInfo?: WorkerPollerInfo;
  currentStickyCacheSize?: number;
  plugins?: { name?: string }[];
}

export interface BatchOperationInfo {
  jobId?: string;
  state?: string;
  operationType?: string;
  startTime?: string;
  closeTime?: string;
}

/** DescribeBatchOperation's answer. */
export interface BatchOperation extends BatchOperationInfo {
  totalOperationCount?: string;
  completeOperationCount?: string;
  failureOperationCount?: string;
  identity?: string;
  reason?: string;
  query?: string;
}

export interface DeploymentVersion {
  deploymentName?: string;
  buildId?: string;
}

/** One worker deployment as ListWorkerDeployments summarizes it. */
export interface WorkerDeploymentSummary {
  name?: string;
  createTime?: string;
  routingConfig?: {
    currentDeploymentVersion?: DeploymentVersion;
    rampingDeploymentVersion?: DeploymentVersion;
    rampingVersionPercentage?: number;
    currentVersionChangedTime?: string;
  };
  latestVersionSummary?: { deploymentVersion?: DeploymentVersion; createTime?: string };
}
