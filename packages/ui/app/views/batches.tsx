// Batch operations of a namespace (terminate, cancel, signal, reset … over the workflows a query selects): the list,
// and one operation with its query, reason and progress.
import { describeBatchOperation, listBatchOperations } from '../api/batches';
import { Breadcrumbs, Empty, ErrorMessage, KeyValues, Loading, TableHead, Time } from '../components/layout';
import { useAsync, useInterval } from '../hooks';
import { enumName } from '../lib/format';
import { Link } from '../router';
import { href } from '../routes';

/** "BATCH_OPERATION_TYPE_TERMINATE_WORKFLOW" -> "Terminate workflow". */
const kind = (type: string | undefined) => {
  const name = enumName(type, 'BATCH_OPERATION_TYPE_').replace(/([a-z])([A-Z])/g, '$1 $2');
  return name.charAt(0) + name.slice(1).toLowerCase();
};
const state = (value: string | undefined) => enumName(value, 'BATCH_OPERATION_STATE_');

export function BatchList({ ns }: { ns: string }) {
  const list = useAsync(() => listBatchOperations(ns), [ns]);
  useInterval(list.reload, 5000, !list.error);
  const operations = list.data?.operationInfo ?? [];
  return (
    <div class="page">
      <h1>Batch operations</h1>
      <p class="muted">Started with durable workflow terminate | cancel | signal | reset … --query, or durable batch.</p>
      {list.loading && !list.data && <Loading what="batch operations" />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && !operations.length && <Empty>No batch operation in this namespace.</Empty>}
      {operations.length > 0 && (
        <table class="list" aria-label="Batch operations">
          <TableHead columns={['Job ID', 'Operation', 'State', 'Started', 'Closed']} />
          <tbody>
            {operations.map((b) => (
              <tr key={b.jobId}>
                <td class="mono">
                  <Link href={href.batch(ns, b.jobId ?? '')}>{b.jobId}</Link>
                </td>
                <td>{kind(b.operationType)}</td>
                <td>{state(b.state)}</td>
                <td>
                  <Time iso={b.startTime} />
                </td>
                <td>
                  <Time iso={b.closeTime} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function BatchPage({ ns, jobId }: { ns: string; jobId: string }) {
  const data = useAsync(() => describeBatchOperation(ns, jobId), [ns, jobId]);
  const b = data.data;
  useInterval(data.reload, 2000, !data.error && state(b?.state) !== 'Completed' && state(b?.state) !== 'Failed');
  const total = Number(b?.totalOperationCount ?? 0);
  const done = Number(b?.completeOperationCount ?? 0);
  const failed = Number(b?.failureOperationCount ?? 0);
  return (
    <div class="page">
      <Breadcrumbs parent="Batch operations" href={href.batches(ns)} current={jobId} />
      <h1>
        {kind(b?.operationType) || 'Batch'} <span class="mono">{jobId}</span>
      </h1>
      {data.loading && !b && <Loading what="the batch operation" />}
      {data.error && <ErrorMessage error={data.error} />}
      {b && (
        <KeyValues
          label="Batch operation"
          wide
          items={[
            ['State', state(b.state)],
            ['Progress', `${done} of ${total} done${failed ? `, ${failed} failed` : ''}`],
            ['Query', <code>{b.query}</code>],
            ['Reason', b.reason],
            ['Started by', b.identity],
            ['Started', <Time iso={b.startTime} />],
            ['Closed', <Time iso={b.closeTime} />],
          ]}
        />
      )}
    </div>
  );
}
