// The shell: header with the namespace switcher and the main sections, then the view the URL names.
import { useEffect } from 'preact/hooks';
import { listNamespaces } from './api/schedules';
import { useAsync } from './hooks';
import { Link, navigate, useLocation } from './router';
import { href, parseRoute, type Route } from './routes';
import { NamespacesView } from './views/namespaces';
import { SchedulePage } from './views/schedule-page';
import { ScheduleList } from './views/schedule-list';
import { StartWorkflow } from './views/start-workflow';
import { WorkflowList } from './views/workflow-list';
import { WorkflowPage } from './views/workflow-page';
import { WorkerList } from './views/worker-list';
import { BatchList, BatchPage } from './views/batches';

function NamespaceSwitcher({ ns, route }: { ns: string; route: Route }) {
  const namespaces = useAsync(listNamespaces, []);
  const names = namespaces.data?.namespaces?.map((n) => n.namespaceInfo?.name ?? '').filter(Boolean) ?? [];
  if (!names.includes(ns)) names.unshift(ns);
  const change = (e: Event) => {
    const next = (e.currentTarget as HTMLSelectElement).value;
    const to =
      route.view === 'schedules' || route.view === 'schedule'
        ? href.schedules(next)
        : route.view === 'workers'
          ? href.workers(next)
          : route.view === 'batches' || route.view === 'batch'
            ? href.batches(next)
            : href.workflows(next);
    navigate(to);
  };
  return (
    <label class="ns-switcher">
      <span>Namespace</span>
      <select value={ns} onChange={change} aria-label="Namespace">
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

function title(route: Route): string {
  switch (route.view) {
    case 'workflow':
      return `${route.workflowId} · Durable`;
    case 'schedule':
      return `Schedule ${route.scheduleId} · Durable`;
    case 'schedules':
      return `Schedules · ${route.ns} · Durable`;
    case 'workers':
      return `Workers · ${route.ns} · Durable`;
    case 'batches':
      return `Batch operations · ${route.ns} · Durable`;
    case 'batch':
      return `Batch ${route.jobId} · Durable`;
    case 'start':
      return 'Start a workflow · Durable';
    case 'namespaces':
      return 'Namespaces · Durable';
    case 'workflows':
      return `Workflows · ${route.ns} · Durable`;
    default:
      return 'Not found · Durable';
  }
}

export function App() {
  const { path } = useLocation();
  const route = parseRoute(path);
  const ns = 'ns' in route ? route.ns : 'default';
  useEffect(() => {
    document.title = title(route);
  });
  const sections: Partial<Record<Route['view'], string>> = {
    schedules: 'schedules',
    schedule: 'schedules',
    namespaces: 'namespaces',
    workers: 'workers',
    batches: 'batches',
    batch: 'batches',
  };
  const section = sections[route.view] ?? 'workflows';
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href={href.workflows(ns)} class="brand">
          Durable
        </Link>
        <nav aria-label="Sections">
          <Link href={href.workflows(ns)} aria-current={section === 'workflows' ? 'page' : undefined}>
            Workflows
          </Link>
          <Link href={href.schedules(ns)} aria-current={section === 'schedules' ? 'page' : undefined}>
            Schedules
          </Link>
          <Link href={href.workers(ns)} aria-current={section === 'workers' ? 'page' : undefined}>
            Workers
          </Link>
          <Link href={href.batches(ns)} aria-current={section === 'batches' ? 'page' : undefined}>
            Batches
          </Link>
          <Link href={href.namespaces()} aria-current={section === 'namespaces' ? 'page' : undefined}>
            Namespaces
          </Link>
        </nav>
        <div class="topbar-end">
          <NamespaceSwitcher ns={ns} route={route} />
          <Link href={href.start(ns)} class="button primary">
            Start workflow
          </Link>
        </div>
      </header>
      <main id="main">{view(route)}</main>
    </>
  );
}

function view(route: Route) {
  switch (route.view) {
    case 'workflows':
      return <WorkflowList ns={route.ns} />;
    case 'workflow':
      return <WorkflowPage key={`${route.ns}/${route.workflowId}/${route.runId}`} ns={route.ns} workflowId={route.workflowId} runId={route.runId} tab={route.tab} />;
    case 'start':
      return <StartWorkflow ns={route.ns} />;
    case 'schedules':
      return <ScheduleList ns={route.ns} />;
    case 'schedule':
      return <SchedulePage key={route.scheduleId} ns={route.ns} scheduleId={route.scheduleId} />;
    case 'workers':
      return <WorkerList ns={route.ns} />;
    case 'batches':
      return <BatchList ns={route.ns} />;
    case 'batch':
      return <BatchPage key={route.jobId} ns={route.ns} jobId={route.jobId} />;
    case 'namespaces':
      return <NamespacesView />;
    default:
      return (
        <div class="card">
          <h1>Page not found</h1>
          <p>
            <Link href={href.workflows('default')}>Go to the workflows</Link>
          </p>
        </div>
      );
  }
}
