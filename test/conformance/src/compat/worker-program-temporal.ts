// A worker program written for the official SDK: Runtime.install with a custom logger, sinks, and activities
// completed from outside the worker. worker-program-durable.ts is this file with only the imports changed.
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import { ActivityCancelledError, ApplicationFailure, AsyncCompletionClient, Client, Connection } from '@temporalio/client';
import { CompleteAsyncError, activityInfo, type Info } from '@temporalio/activity';

export async function runWorkerProgram(address: string, taskQueue: string, workflowsPath: string, prefix: string): Promise<{ lines: string[]; workflowIds: string[] }> {
  const logs: LogEntry[] = [];
  Runtime.install({ logger: new DefaultLogger('INFO', (entry) => void logs.push(entry)) });
  const lines: string[] = [];
  const workflowIds: string[] = [];
  const started = new Map<string, (info: Info) => void>();
  const whenStarted = (item: string) => new Promise<Info>((resolve) => started.set(item, resolve));
  const activities = {
    async bookLater(item: string): Promise<string> {
      started.get(item)?.(activityInfo());
      throw new CompleteAsyncError();
    },
  };
  const connection = await Connection.connect({ address });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowsPath,
    activities,
    sinks: { audit: { record: { fn: (info, event: string, detail: number) => void lines.push(`sink ${info.workflowType} ${event} ${detail}`) } } },
  });
  const client = new Client({ connection });
  const completion = new AsyncCompletionClient({ connection });
  const start = async (type: string, args: unknown[] = []) => {
    const handle = await client.workflow.start(type, { taskQueue, workflowId: `${prefix}-${type}`, args });
    workflowIds.push(handle.workflowId);
    return handle;
  };
  try {
    await worker.runUntil(async () => {
      lines.push(`sinksAndLogs: ${await (await start('sinksAndLogs', [2])).result()}`);

      const triggered = await start('triggered');
      await triggered.signal('approve', 'bo');
      lines.push(`triggered: ${await triggered.result()}`);

      const defaults = await start('defaults');
      await defaults.signal('hello', 'world');
      lines.push(`default query: ${await defaults.query('whatever', 1)}`);
      lines.push(`default update: ${await defaults.executeUpdate('anything', { args: ['x'], updateId: 'upd-1' })}`);
      const metadata = (await defaults.query('__temporal_workflow_metadata')) as { currentDetails?: string };
      lines.push(`current details: ${metadata.currentDetails}`);
      await defaults.signal('done');
      lines.push(`defaults: ${((await defaults.result()) as string[]).join(' | ')}`);

      const booked = whenStarted('by-token');
      const toFail = whenStarted('to-fail');
      const toCancel = whenStarted('to-cancel');
      const booking = await start('asyncCompletion');
      const first = await booked;
      await completion.heartbeat(first.taskToken, 'halfway');
      await completion.complete(first.taskToken, 'booked later');
      const second = await toFail;
      await completion.fail({ workflowId: booking.workflowId, activityId: second.activityId }, ApplicationFailure.nonRetryable('no seats left'));
      const third = await toCancel;
      await booking.signal('cancelBooking');
      const fullId = { workflowId: booking.workflowId, runId: third.workflowExecution?.runId, activityId: third.activityId };
      for (;;) {
        try {
          await completion.heartbeat(fullId);
        } catch (err) {
          if (err instanceof ActivityCancelledError) break;
          throw err;
        }
      }
      await completion.reportCancellation(fullId, 'released');
      lines.push(`asyncCompletion: ${((await booking.result()) as string[]).join(' | ')}`);
    });
  } finally {
    await connection.close();
  }
  const logged = logs.filter((l) => l.message === 'step done').map((l) => `log ${l.level} ${String(l.meta?.step)} ${String(l.meta?.sdkComponent)}`);
  return { lines: [...lines, ...logged], workflowIds };
}
