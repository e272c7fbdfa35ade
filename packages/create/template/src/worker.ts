// `npm run start.worker`: polls the task queue and runs the workflows and activities it finds there.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@durable/worker';
import * as activities from './activities.js';
import { connectionOptions, namespace, TASK_QUEUE } from './shared.js';

const connection = await NativeConnection.connect(connectionOptions);
try {
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    // Workflows are bundled from this file and run in a sandbox, so they are given by path, not imported.
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    activities,
  });
  console.log(`Worker polling task queue "${TASK_QUEUE}" on ${connectionOptions.address ?? 'localhost:7233'}; Ctrl-C stops it.`);
  await worker.run();
} finally {
  await connection.close();
}
