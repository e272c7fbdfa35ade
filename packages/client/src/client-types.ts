// Enums and constants of @temporalio/client: query reject conditions, pending activity states, standalone activity
// policies and statuses (with their encode/decode helpers), the raw service definitions.
import { makeEnumConverters } from '@durable/common';
import { grpc, temporal } from '@durable/proto';

/** The default address of a local Temporal server. */
export const LOCAL_TARGET = 'localhost:7233';

/** The official client's marker of connection-like objects (kept for code that checks it). */
export const InternalConnectionLikeSymbol = Symbol('__temporal_internal_connection_like');

/** The protobuf service definitions (reflection objects), for code that builds raw calls. */
export const WorkflowService = temporal.api.workflowservice.v1.WorkflowService;
export const OperatorService = temporal.api.operatorservice.v1.OperatorService;
export const TestService = temporal.api.testservice.v1.TestService;
export const HealthService = grpc.health.v1.Health;

/** When a query is refused because of the workflow's state. */
export const QueryRejectCondition = {
  NONE: 'NONE',
  NOT_OPEN: 'NOT_OPEN',
  NOT_COMPLETED_CLEANLY: 'NOT_COMPLETED_CLEANLY',
  /** The protobuf spellings, accepted as the official SDK accepts them. */
  QUERY_REJECT_CONDITION_NONE: 'NONE',
  QUERY_REJECT_CONDITION_NOT_OPEN: 'NOT_OPEN',
  QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY: 'NOT_COMPLETED_CLEANLY',
  QUERY_REJECT_CONDITION_UNSPECIFIED: undefined,
} as const;
export type QueryRejectCondition = (typeof QueryRejectCondition)[keyof typeof QueryRejectCondition];
export const [encodeQueryRejectCondition, decodeQueryRejectCondition] = makeEnumConverters<Exclude<QueryRejectCondition, undefined>>(
  { UNSPECIFIED: 0, NONE: 1, NOT_OPEN: 2, NOT_COMPLETED_CLEANLY: 3 },
  'QUERY_REJECT_CONDITION_',
);

export const PendingActivityState = {
  SCHEDULED: 'SCHEDULED',
  STARTED: 'STARTED',
  CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  PAUSED: 'PAUSED',
  PAUSE_REQUESTED: 'PAUSE_REQUESTED',
} as const;
export type PendingActivityState = (typeof PendingActivityState)[keyof typeof PendingActivityState];
export const [encodePendingActivityState, decodePendingActivityState] = makeEnumConverters<PendingActivityState>(
  { UNSPECIFIED: 0, SCHEDULED: 1, STARTED: 2, CANCEL_REQUESTED: 3, PAUSED: 4, PAUSE_REQUESTED: 5 },
  'PENDING_ACTIVITY_STATE_',
);

export const ActivityIdReusePolicy = { ALLOW_DUPLICATE: 'ALLOW_DUPLICATE', ALLOW_DUPLICATE_FAILED_ONLY: 'ALLOW_DUPLICATE_FAILED_ONLY', REJECT_DUPLICATE: 'REJECT_DUPLICATE' } as const;
export type ActivityIdReusePolicy = (typeof ActivityIdReusePolicy)[keyof typeof ActivityIdReusePolicy];
export const [encodeActivityIdReusePolicy, decodeActivityIdReusePolicy] = makeEnumConverters<ActivityIdReusePolicy>(
  { UNSPECIFIED: 0, ALLOW_DUPLICATE: 1, ALLOW_DUPLICATE_FAILED_ONLY: 2, REJECT_DUPLICATE: 3 },
  'ACTIVITY_ID_REUSE_POLICY_',
);

export const ActivityIdConflictPolicy = { FAIL: 'FAIL', USE_EXISTING: 'USE_EXISTING' } as const;
export type ActivityIdConflictPolicy = (typeof ActivityIdConflictPolicy)[keyof typeof ActivityIdConflictPolicy];
export const [encodeActivityIdConflictPolicy, decodeActivityIdConflictPolicy] = makeEnumConverters<ActivityIdConflictPolicy>(
  { UNSPECIFIED: 0, FAIL: 1, USE_EXISTING: 2 },
  'ACTIVITY_ID_CONFLICT_POLICY_',
);

export const ActivityExecutionStatus = {
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELED: 'CANCELED',
  TERMINATED: 'TERMINATED',
  TIMED_OUT: 'TIMED_OUT',
  PAUSED: 'PAUSED',
} as const;
export type ActivityExecutionStatus = (typeof ActivityExecutionStatus)[keyof typeof ActivityExecutionStatus];
export const [encodeActivityExecutionStatus, decodeActivityExecutionStatus] = makeEnumConverters<ActivityExecutionStatus>(
  { UNSPECIFIED: 0, RUNNING: 1, COMPLETED: 2, FAILED: 3, CANCELED: 4, TERMINATED: 5, TIMED_OUT: 6, PAUSED: 7 },
  'ACTIVITY_EXECUTION_STATUS_',
);
