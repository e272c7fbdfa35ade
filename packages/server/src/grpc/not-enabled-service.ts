// RPCs Temporal's own dev server answers UNIMPLEMENTED with its default configuration, answered with its words.
import { Code, ServiceError } from '../model/errors.js';
import type { Handler } from './bind.js';

const refuse = (message: string) => () => {
  throw new ServiceError(Code.UNIMPLEMENTED, message);
};

export function notEnabledHandlers(): Record<string, Handler> {
  return {
    // Worker commands reach a running worker through its control task queue (a Nexus endpoint).
    FetchWorkerConfig: refuse('FetchWorkerConfig command is not enabled.'),
    UpdateWorkerConfig: refuse('UpdateWorkerConfig command is not enabled.'),
    // Per-workflow time skipping (experimental); the test server's TestService skips time instead.
    PollWorkflowExecutionTimeSkipping: refuse('The Time-Skipping feature is not enabled for namespace.'),
  };
}
