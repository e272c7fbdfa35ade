// Loading data for a view: the latest answer wins, and an answer for a view already left is dropped.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Async<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    const ticket = ++current.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => ticket === current.current && setState({ data, loading: false }),
      (error: unknown) => ticket === current.current && setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false }),
    );
    // The caller names what the load depends on; `load` itself is a new closure on every render.
  }, [...deps, version]);
  useEffect(() => () => void ++current.current, []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** The current time, ticking while `active` (open bars and durations of running work grow). */
export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [active, everyMs]);
  return now;
}

/** Calls `tick` every `everyMs` while `active` and the page is visible (live refresh of lists). */
export function useInterval(tick: () => void, everyMs: number, active: boolean): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, everyMs);
    return () => clearInterval(id);
  }, [everyMs, active]);
}
