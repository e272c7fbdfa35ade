// `npm test`: the workflow runs on an in-process server with time skipping (timers fire at once), with the real
// activities and with a mock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@durable/testing';
import { Worker } from '@durable/worker';
import * as activities from './activities.js';
import { greeting } from './workflows.js';

const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
let env: TestWorkflowEnvironment;

before(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping();
});

after(async () => {
  await env?.teardown();
});

test('greeting returns the greeting its activity composed', async () => {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'test', workflowsPath, activities });
  const result = await worker.runUntil(
    env.client.workflow.execute(greeting, { taskQueue: 'test', workflowId: 'greeting-real', args: ['Durable'] }),
  );
  assert.equal(result, 'Hello, Durable!');
});

test('greeting with a mocked activity', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'test-mocked',
    workflowsPath,
    activities: { composeGreeting: async (_greeting: string, name: string) => `Hi, ${name}.` },
  });
  const result = await worker.runUntil(
    env.client.workflow.execute(greeting, { taskQueue: 'test-mocked', workflowId: 'greeting-mocked', args: ['Durable'] }),
  );
  assert.equal(result, 'Hi, Durable.');
});
