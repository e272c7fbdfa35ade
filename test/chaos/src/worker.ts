// A worker process for the chaos tests: `worker.js ADDRESS TASK_QUEUE`, with CHAOS_RECORD naming the record file.
// Prints "polling" once it runs, and a line per activity attempt.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@durable/worker';
import * as activities from './activities.js';

const [address, taskQueue] = process.argv.slice(2) as [string, string];
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address }),
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
  activities,
  // Runs cached by a killed worker move to another one after this long.
  stickyQueueScheduleToStartTimeout: '1s',
});
process.stdout.write('polling\n');
await worker.run();
