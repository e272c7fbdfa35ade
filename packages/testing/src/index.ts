/**
 * @durable/testing: test environments for workflows, with the names and shapes of @temporalio/testing. The server
 * runs in process; with time skipping, long sleeps and timeouts take no wall time.
 *
 * @example
 * ```ts
 * import { TestWorkflowEnvironment } from '@durable/testing';
 * const env = await TestWorkflowEnvironment.createTimeSkipping();
 * const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'test', workflowsPath, activities });
 * const result = await worker.runUntil(env.client.workflow.execute(subscription, { taskQueue: 'test', workflowId: 'sub-1' }));
 * await env.teardown();
 * ```
 */
import { fileURLToPath } from 'node:url';

export { TestWorkflowEnvironment } from './workflow-environment.js';
export type { TestWorkflowEnvironmentOptions } from './workflow-environment.js';
export { TimeSkippingWorkflowClient } from './time-skipping-client.js';
export { MockActivityEnvironment, defaultActivityInfo } from './mock-activity-environment.js';
export type { MockActivityEnvironmentOptions, CancelReason } from './mock-activity-environment.js';

/** Workflow interceptor modules for tests (WorkerOptions.interceptors.workflowModules): failed assertions fail the workflow. */
export const workflowInterceptorModules = [fileURLToPath(new URL('./assert-to-failure-interceptor.js', import.meta.url))];
