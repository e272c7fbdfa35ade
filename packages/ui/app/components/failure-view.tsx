// A failure and its whole cause chain: what kind of failure each level is, its message, details and stack trace.
import type { Failure } from '../api/types';
import { enumName } from '../lib/format';
import { decodePayload } from '../lib/payloads';
import { PayloadsView } from './payload-view';

function kind(f: Failure): string {
  if (f.applicationFailureInfo) return `ApplicationFailure${f.applicationFailureInfo.type ? ` · ${f.applicationFailureInfo.type}` : ''}${f.applicationFailureInfo.nonRetryable ? ' · non-retryable' : ''}`;
  if (f.activityFailureInfo) {
    const a = f.activityFailureInfo;
    return `ActivityFailure · ${a.activityType?.name ?? ''} (id ${a.activityId ?? ''})${a.retryState ? ` · ${enumName(a.retryState, 'RETRY_STATE_')}` : ''}`;
  }
  if (f.childWorkflowExecutionFailureInfo) {
    const c = f.childWorkflowExecutionFailureInfo;
    return `ChildWorkflowFailure · ${c.workflowType?.name ?? ''} (${c.workflowExecution?.workflowId ?? ''})`;
  }
  if (f.timeoutFailureInfo) return `TimeoutFailure · ${enumName(f.timeoutFailureInfo.timeoutType, 'TIMEOUT_TYPE_')}`;
  if (f.canceledFailureInfo) return 'CancelledFailure';
  if (f.terminatedFailureInfo) return 'TerminatedFailure';
  if (f.serverFailureInfo) return 'ServerFailure';
  if (f.resetWorkflowFailureInfo) return 'ResetWorkflowFailure';
  return 'Failure';
}

// A failure converter that encodes attributes moves message and stack trace into one payload.
function readable(f: Failure): Failure {
  if (!f.encodedAttributes) return f;
  const d = decodePayload(f.encodedAttributes);
  if (d.kind !== 'json' || !d.value || typeof d.value !== 'object') return f;
  const v = d.value as { message?: string; stack_trace?: string };
  return { ...f, message: v.message ?? f.message, stackTrace: v.stack_trace ?? f.stackTrace };
}

export function FailureView({ failure }: { failure: Failure }) {
  const chain: Failure[] = [];
  for (let f: Failure | undefined = failure; f && chain.length < 50; f = f.cause) chain.push(readable(f));
  return (
    <ol class="failure-chain" aria-label="Failure and causes">
      {chain.map((f, i) => (
        <li class="failure" key={i}>
          <div class="failure-kind">
            {i > 0 && <span class="muted">caused by </span>}
            {kind(f)}
            {f.source && <span class="muted"> · {f.source}</span>}
          </div>
          <div class="failure-message">{f.message || <span class="muted">(no message)</span>}</div>
          {f.applicationFailureInfo?.details !== undefined && <PayloadsView value={f.applicationFailureInfo.details} label="Failure details" />}
          {f.stackTrace && (
            <details class="stack" open>
              <summary>Stack trace</summary>
              <pre class="code">{f.stackTrace}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
