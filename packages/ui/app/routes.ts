// The app's URLs: building them and reading them back.
const seg = encodeURIComponent;

export type WorkflowTab = 'history' | 'pending' | 'stack' | 'queries' | 'metadata' | 'workers';
export const WORKFLOW_TABS: readonly WorkflowTab[] = ['history', 'pending', 'stack', 'queries', 'metadata', 'workers'];

export type Route =
  | { view: 'workflows'; ns: string }
  | { view: 'workflow'; ns: string; workflowId: string; runId: string; tab: WorkflowTab }
  | { view: 'start'; ns: string }
  | { view: 'schedules'; ns: string }
  | { view: 'schedule'; ns: string; scheduleId: string }
  | { view: 'workers'; ns: string }
  | { view: 'batches'; ns: string }
  | { view: 'batch'; ns: string; jobId: string }
  | { view: 'namespaces' }
  | { view: 'not-found' };

export const href = {
  workflows: (ns: string, query?: string) => `/namespaces/${seg(ns)}/workflows${query ? `?query=${seg(query)}` : ''}`,
  workflow: (ns: string, workflowId: string, runId: string, tab?: WorkflowTab) =>
    `/namespaces/${seg(ns)}/workflows/${seg(workflowId)}/${seg(runId)}${tab && tab !== 'history' ? `/${tab}` : ''}`,
  start: (ns: string) => `/namespaces/${seg(ns)}/start-workflow`,
  schedules: (ns: string) => `/namespaces/${seg(ns)}/schedules`,
  schedule: (ns: string, scheduleId: string) => `/namespaces/${seg(ns)}/schedules/${seg(scheduleId)}`,
  workers: (ns: string) => `/namespaces/${seg(ns)}/workers`,
  batches: (ns: string) => `/namespaces/${seg(ns)}/batch-operations`,
  batch: (ns: string, jobId: string) => `/namespaces/${seg(ns)}/batch-operations/${seg(jobId)}`,
  namespaces: () => '/namespaces',
};

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { view: 'workflows', ns: 'default' };
  let parts: string[];
  try {
    parts = path.replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { view: 'not-found' };
  }
  if (parts[0] !== 'namespaces') return { view: 'not-found' };
  if (parts.length === 1) return { view: 'namespaces' };
  const ns = parts[1];
  const [, , area, a, b, c] = parts;
  if (area === undefined || (area === 'workflows' && a === undefined)) return { view: 'workflows', ns };
  if (area === 'start-workflow' && a === undefined) return { view: 'start', ns };
  if (area === 'workers' && a === undefined) return { view: 'workers', ns };
  if (area === 'batch-operations') return a === undefined ? { view: 'batches', ns } : parts.length === 4 ? { view: 'batch', ns, jobId: a } : { view: 'not-found' };
  if (area === 'schedules') return a === undefined ? { view: 'schedules', ns } : parts.length === 4 ? { view: 'schedule', ns, scheduleId: a } : { view: 'not-found' };
  if (area === 'workflows' && b !== undefined && parts.length <= 6) {
    const tab = (c ?? 'history') as WorkflowTab;
    if (WORKFLOW_TABS.includes(tab)) return { view: 'workflow', ns, workflowId: a, runId: b, tab };
  }
  return { view: 'not-found' };
}
