// A workflow interceptor module (workflowInterceptorModules): an assertion that fails in workflow code fails the
// workflow (a non-retryable ApplicationFailure) instead of failing its task over and over.
import { ApplicationFailure, type WorkflowInterceptors } from '@durable/workflow';

// Recognised by shape: workflow code cannot import node:assert, but assertion libraries follow Node's error.
const isAssertionError = (err: unknown): err is Error =>
  err instanceof Error && (err.name === 'AssertionError' || (err as { code?: unknown }).code === 'ERR_ASSERTION');

function asFailure(err: unknown): unknown {
  if (!isAssertionError(err)) return err;
  const failure = ApplicationFailure.nonRetryable(err.message);
  failure.stack = err.stack;
  return failure;
}

export function interceptors(): WorkflowInterceptors {
  return {
    inbound: [
      {
        handleSignal: (input, next) => next(input).catch((err: unknown) => Promise.reject(asFailure(err))),
        execute: (input, next) => next(input).catch((err: unknown) => Promise.reject(asFailure(err))),
      },
    ],
  };
}
