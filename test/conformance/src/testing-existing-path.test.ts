import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as activities from './activities.js';
import { installQuietRuntime, workflowsPath } from './harness.js';

const durableBin = fileURLToPath(new URL('../../../packages/cli/bin/durable.js', import.meta.url));

test('@temporalio/testing createLocal launches our durable binary as an existing-path server', async () => {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: durableBin } },
  });
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'testing-env',
      workflowsPath,
      activities,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute('threeActivities', { taskQueue: 'testing-env', workflowId: 'testing-env-1', args: ['env'] }),
    );
    assert.equal(result, 'HELLO ENV!');
  } finally {
    await env.teardown();
  }
});
