// The numbers temporal.api.enums.v1 gives retry states and timeout types: the wire form of RetryState and
// TimeoutType (failures.ts) and what retry decisions (retry-policy.ts) answer in.
/** How an activity's retries ended, as temporal.api.enums.v1.RetryState numbers them. */
export const RetryStateCode = {
  UNSPECIFIED: 0,
  IN_PROGRESS: 1,
  NON_RETRYABLE_FAILURE: 2,
  TIMEOUT: 3,
  MAXIMUM_ATTEMPTS_REACHED: 4,
  RETRY_POLICY_NOT_SET: 5,
  INTERNAL_SERVER_ERROR: 6,
  CANCEL_REQUESTED: 7,
} as const;
export type RetryStateCode = (typeof RetryStateCode)[keyof typeof RetryStateCode];

/** temporal.api.enums.v1.TimeoutType numbers. */
export const TimeoutTypeCode = {
  UNSPECIFIED: 0,
  START_TO_CLOSE: 1,
  SCHEDULE_TO_START: 2,
  SCHEDULE_TO_CLOSE: 3,
  HEARTBEAT: 4,
} as const;
export type TimeoutTypeCode = (typeof TimeoutTypeCode)[keyof typeof TimeoutTypeCode];
