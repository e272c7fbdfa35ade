// Every namespace of the server, each leading to its workflows and schedules.
import { listNamespaces } from '../api/schedules';
import { Empty, ErrorMessage, Loading, TableHead } from '../components/layout';
import { useAsync } from '../hooks';
import { durationMillis, enumName, formatDuration } from '../lib/format';
import { Link } from '../router';
import { href } from '../routes';

export function NamespacesView() {
  const list = useAsync(listNamespaces, []);
  const namespaces = list.data?.namespaces ?? [];
  return (
    <div class="page">
      <h1>Namespaces</h1>
      {list.loading && <Loading what="namespaces" />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && !namespaces.length && <Empty>No namespaces.</Empty>}
      {namespaces.length > 0 && (
        <table class="list" aria-label="Namespaces">
          <TableHead columns={['Name', 'State', 'Retention', 'Description', 'Schedules']} />
          <tbody>
            {namespaces.map((n) => {
              const name = n.namespaceInfo?.name ?? '';
              return (
                <tr key={name}>
                  <td>
                    <Link href={href.workflows(name)}>{name}</Link>
                  </td>
                  <td>{enumName(n.namespaceInfo?.state, 'NAMESPACE_STATE_')}</td>
                  <td>{formatDuration(durationMillis(n.config?.workflowExecutionRetentionTtl))}</td>
                  <td>{n.namespaceInfo?.description}</td>
                  <td>
                    <Link href={href.schedules(name)}>Schedules</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
