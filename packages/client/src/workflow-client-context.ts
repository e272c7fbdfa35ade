// What a WorkflowClient hands to the handles and update calls it makes: its service, namespace, identity, data
// converter and interceptors. Below the client, so they use it without knowing the client.
import type { WorkflowService } from '@durable/proto';
import type { LoadedDataConverter } from '@durable/common';
import type { WorkflowClientInterceptor } from './interceptors.js';

/** What a WorkflowClient's handles and calls share (built from its options). */
export interface WorkflowClientContext {
  readonly service: WorkflowService;
  readonly namespace: string;
  readonly identity: string;
  readonly dataConverter: LoadedDataConverter;
  readonly interceptors: readonly WorkflowClientInterceptor[];
  /** Queries refused by the workflow's state (encoded); default NONE. */
  readonly queryRejectCondition?: number;
}
