import type { temporal } from '../lib/root.js';

type WorkflowV1 = typeof temporal.api.workflowservice.v1;
type OperatorV1 = typeof temporal.api.operatorservice.v1;
type TestV1 = typeof temporal.api.testservice.v1;

type MethodsOf<NS> = {
  [K in keyof NS]: K extends `${infer M}Request` ? (`${M}Response` extends keyof NS ? M : never) : never;
}[keyof NS];

// The schema's classes have private constructors; their static create() names both the input and message types.
type Message<C> = C extends { create(properties?: never): infer I } ? I : never;
type Properties<C> = C extends { create(properties?: infer P): unknown } ? NonNullable<P> : never;

/** Names of WorkflowService methods, e.g. 'StartWorkflowExecution'. */
export type WorkflowServiceMethod = MethodsOf<WorkflowV1> & string;
/** The decoded request message of a WorkflowService method. */
export type WorkflowServiceRequest<M extends WorkflowServiceMethod> = Message<WorkflowV1[`${M}Request` & keyof WorkflowV1]>;
/** The response shape (the schema's I-interface) of a WorkflowService method. */
export type WorkflowServiceResponse<M extends WorkflowServiceMethod> = Properties<WorkflowV1[`${M}Response` & keyof WorkflowV1]>;

export type OperatorServiceMethod = MethodsOf<OperatorV1> & string;
export type OperatorServiceRequest<M extends OperatorServiceMethod> = Message<OperatorV1[`${M}Request` & keyof OperatorV1]>;
export type OperatorServiceResponse<M extends OperatorServiceMethod> = Properties<OperatorV1[`${M}Response` & keyof OperatorV1]>;

type Unary<NS, M extends string> = (
  request: Properties<NS[`${M}Request` & keyof NS]>,
) => Promise<Message<NS[`${M}Response` & keyof NS]>>;

/** A promise-returning client of WorkflowService, methods named as the official SDK's `connection.workflowService`. */
export type WorkflowService = { [M in WorkflowServiceMethod as Uncapitalize<M>]: Unary<WorkflowV1, M> };
/** A promise-returning client of OperatorService. */
export type OperatorService = { [M in OperatorServiceMethod as Uncapitalize<M>]: Unary<OperatorV1, M> };
/** A promise-returning client of TestService (time skipping, served by test servers). */
export interface TestService {
  lockTimeSkipping(request: Properties<TestV1['LockTimeSkippingRequest']>): Promise<Message<TestV1['LockTimeSkippingResponse']>>;
  unlockTimeSkipping(request: Properties<TestV1['UnlockTimeSkippingRequest']>): Promise<Message<TestV1['UnlockTimeSkippingResponse']>>;
  sleep(request: Properties<TestV1['SleepRequest']>): Promise<Message<TestV1['SleepResponse']>>;
  sleepUntil(request: Properties<TestV1['SleepUntilRequest']>): Promise<Message<TestV1['SleepResponse']>>;
  unlockTimeSkippingWithSleep(request: Properties<TestV1['SleepRequest']>): Promise<Message<TestV1['SleepResponse']>>;
  getCurrentTime(request: object): Promise<Message<TestV1['GetCurrentTimeResponse']>>;
}
