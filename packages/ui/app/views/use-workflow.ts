// A workflow run's live data: its whole history, kept current by long-polling for new events (waitNewEvent), and
// its description, re-read whenever history grows and, while activities are pending, every few seconds (retries
// and heartbeats change them without adding events).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import type { DescribeWorkflowResponse, HistoryEvent } from '../api/types';
import { describeWorkflow, historyPage } from '../api/workflows';

export interface WorkflowData {
  describe: DescribeWorkflowResponse | undefined;
  events: HistoryEvent[];
  /** the first page of history has arrived */
  loaded: boolean;
  /** the run is closed and its history read to the end */
  complete: boolean;
  error: Error | undefined;
  refresh(): void;
}

const PENDING_POLL_MS = 2000;
const RETRY_MS = 1000;

function retryable(err: unknown): boolean {
  // A long poll cut by a proxy or a deadline, or a connection lost for a moment: poll again.
  return err instanceof TypeError || (err instanceof ApiError && (err.status >= 500 || err.code === 4 || err.code === 14));
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(id);
      resolve();
    });
  });
}

export function useWorkflow(ns: string, workflowId: string, runId: string): WorkflowData {
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [complete, setComplete] = useState(false);
  const [describe, setDescribe] = useState<DescribeWorkflowResponse>();
  const [error, setError] = useState<Error>();
  const [describeVersion, setDescribeVersion] = useState(0);
  const alive = useRef(true);

  useEffect(() => {
    const abort = new AbortController();
    const follow = async () => {
      let token: string | undefined;
      for (;;) {
        let page;
        try {
          page = await historyPage(ns, workflowId, runId, { nextPageToken: token, waitNewEvent: true, signal: abort.signal });
        } catch (err) {
          if (abort.signal.aborted) return;
          if (!retryable(err)) throw err;
          await pause(RETRY_MS, abort.signal);
          continue;
        }
        if (abort.signal.aborted) return;
        const got = page.history?.events ?? [];
        if (got.length) setEvents((prev) => [...prev, ...got]);
        setLoaded(true);
        if (!page.nextPageToken) {
          setComplete(true);
          return;
        }
        token = page.nextPageToken;
      }
    };
    follow().catch((err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err : new Error(String(err))));
    return () => abort.abort();
  }, [ns, workflowId, runId]);

  useEffect(() => {
    let current = true;
    describeWorkflow(ns, workflowId, runId).then(
      (d) => current && setDescribe(d),
      (err: unknown) => current && setError(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      current = false;
    };
  }, [ns, workflowId, runId, events.length, describeVersion]);

  const pendingActivities = describe?.pendingActivities?.length ?? 0;
  useEffect(() => {
    if (!pendingActivities || complete) return;
    const id = setInterval(() => document.visibilityState === 'visible' && setDescribeVersion((v) => v + 1), PENDING_POLL_MS);
    return () => clearInterval(id);
  }, [pendingActivities, complete]);

  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const refresh = useCallback(() => alive.current && setDescribeVersion((v) => v + 1), []);
  return { describe, events, loaded, complete, error, refresh };
}
