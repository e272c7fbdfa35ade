/**
 * @durable/workflow: the API used inside workflow code, with the names and shapes of @temporalio/workflow.
 */
export { ApplicationFailure, CancelledFailure } from '@durable/common';
