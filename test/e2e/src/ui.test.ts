// The web UI in real headless Chromium against a real dev server and our worker: what a person sees and does.
// Any JavaScript error, console error or failed request on the page fails the test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { historyFromJSON, Worker } from '@durable/worker';
import { findChromium, launch, watchedPage, type Session, type WatchedPage } from './browser.js';
import { startEnv, TASK_QUEUE, workflowsPath, type Env } from './env.js';

const chromium = findChromium();
const skip = 'missing' in chromium ? chromium.missing : undefined;
// CI installs Chromium (.ci/run); there a missing browser is a failure, never a skip.
if (skip && process.env.CI) throw new Error(`e2e: ${skip}`);
if (skip) console.log(`e2e: skipped: ${skip}`);

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

describe('web UI', { skip }, () => {
  let env: Env;
  let session: Session;
  let current: WatchedPage | undefined;

  before(async () => {
    env = await startEnv();
    const { client } = env;
    const run = (type: string, workflowId: string, args: unknown[]) => client.workflow.execute(type, { taskQueue: TASK_QUEUE, workflowId, args });
    await run('greeting', 'greeting-ada', ['Ada']);
    await run('payment', 'payment-A-7', ['A-7']);
    await run('family', 'family-fam', ['fam']);
    await run('declined', 'declined-A-8', ['A-8']).catch(() => undefined);
    await client.workflow.start('stubborn', { taskQueue: TASK_QUEUE, workflowId: 'stubborn-sku-1', args: ['sku-1'] });
    for (const id of ['approval-signal', 'approval-cancel', 'approval-terminate']) {
      await client.workflow.start('approval', { taskQueue: TASK_QUEUE, workflowId: id, args: [id.replace('approval-', 'A-')] });
    }
    const schedule = await client.schedule.create({
      scheduleId: 'nightly-report',
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'greeting', args: ['schedule'], taskQueue: TASK_QUEUE, workflowId: 'nightly-report-run' },
    });
    await schedule.trigger();
    session = await launch((chromium as { path: string }).path);
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await session?.close();
    await env?.stop();
  });

  async function open(path: string): Promise<Page> {
    if (current) assert.deepEqual(current.problems, [], 'problems on the previous page');
    current = await watchedPage(session.browser);
    await current.page.goto(env.ui + path);
    return current.page;
  }

  function rowOf(page: Page, workflowId: string) {
    return page.getByRole('table', { name: 'Workflows' }).getByRole('row').filter({ has: page.getByRole('link', { name: workflowId, exact: true }) });
  }

  const header = (page: Page) => page.locator('.page-title');

  test('the list shows every workflow with its status, and counts per status', async () => {
    const page = await open('/');
    await rowOf(page, 'greeting-ada').getByText('Completed', { exact: true }).waitFor();
    await rowOf(page, 'declined-A-8').getByText('Failed', { exact: true }).waitFor();
    await rowOf(page, 'approval-signal').getByText('Running', { exact: true }).waitFor();
    await rowOf(page, 'payment-A-7').getByRole('cell', { name: 'payment', exact: true }).waitFor();
    await rowOf(page, 'payment-A-7').getByRole('cell', { name: TASK_QUEUE, exact: true }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Filter by status' });
    await tabs.getByRole('link', { name: /^Failed 1$/ }).waitFor();
    await tabs.getByRole('link', { name: /^Running 4$/ }).waitFor();
    await page.screenshot({ path: `${screenshots}workflows.png` });
    // Live refresh: a workflow started now shows up without a reload.
    await env.client.workflow.execute('greeting', { taskQueue: TASK_QUEUE, workflowId: 'greeting-live', args: ['Live'] });
    await rowOf(page, 'greeting-live').getByText('Completed', { exact: true }).waitFor();
    await tabs.getByRole('link', { name: /^Failed/ }).click();
    await page.waitForURL(/status=Failed/);
    await page.getByRole('table', { name: 'Workflows' }).getByRole('row').nth(1).getByText('declined-A-8').waitFor();
    assert.equal(await page.getByRole('table', { name: 'Workflows' }).locator('tbody tr').count(), 1);
  });

  test('a list query filters the list, and the filter survives a reload', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'greeting-ada').waitFor();
    await page.getByRole('searchbox', { name: 'List filter' }).fill(`WorkflowType = 'payment'`);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await rowOf(page, 'greeting-ada').waitFor({ state: 'detached' });
    await rowOf(page, 'payment-A-7').waitFor();
    assert.equal(await page.locator('table[aria-label="Workflows"] tbody tr').count(), 1);
    await page.reload();
    await rowOf(page, 'payment-A-7').waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'List filter' }).inputValue(), `WorkflowType = 'payment'`);
    assert.equal(await page.locator('table[aria-label="Workflows"] tbody tr').count(), 1);
    await page.getByRole('button', { name: 'Clear' }).click();
    await rowOf(page, 'greeting-ada').waitFor();
    await page.getByText('Quick filters').click();
    await page.getByLabel('Workflow type').fill('greeting');
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('Completed');
    await page.getByRole('button', { name: 'Add to filter' }).click();
    await rowOf(page, 'payment-A-7').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('searchbox', { name: 'List filter' }).inputValue(), `WorkflowType = 'greeting' AND ExecutionStatus = 'Completed'`);
    await rowOf(page, 'greeting-ada').waitFor();
  });

  test('a workflow page shows its result, its timeline and its history; back returns to the list', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'greeting-ada').getByRole('link', { name: 'greeting-ada' }).click();
    await page.waitForURL(/\/workflows\/greeting-ada\/[^/]+$/);
    const outcome = page.locator('#outcome');
    await outcome.getByText('"Hello, Ada!"').waitFor();
    await page.getByRole('region', { name: 'Input' }).getByText('"Ada"').waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByRole('listitem', { name: /^greet · \S+: completed in/ }).waitFor();
    await timeline.getByRole('listitem', { name: /^timer \S+ · [\d.]+s: completed in/ }).waitFor();
    const history = page.getByRole('list', { name: 'Compact history' });
    await history.getByText('Activity greet').waitFor();
    await page.getByRole('button', { name: 'All events' }).click();
    const all = page.getByRole('list', { name: 'All events' });
    await all.getByText('WorkflowExecutionCompleted', { exact: true }).click();
    await all.getByRole('listitem').filter({ hasText: 'WorkflowExecutionCompleted' }).getByLabel('result').getByText('"Hello, Ada!"').waitFor();
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    await page.getByLabel('History as JSON').getByText(/"eventType": "EVENT_TYPE_ACTIVITY_TASK_COMPLETED"/).first().waitFor();
    // The history view switches replace the URL, so one step back leaves the workflow.
    await page.goBack();
    await rowOf(page, 'greeting-ada').waitFor();
  });

  test('retries and backoff waits of an activity are on the timeline', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'payment-A-7').getByRole('link', { name: 'payment-A-7' }).click();
    const row = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem', { name: /^charge · \S+: completed in .*, 3 attempts$/ });
    await row.waitFor();
    await row.getByRole('img', { name: /^attempt 1 failed/ }).waitFor();
    await row.getByRole('img', { name: /^retry backoff before attempt 2/ }).waitFor();
    await row.getByRole('img', { name: /^retry backoff before attempt 3/ }).waitFor();
    await row.getByRole('img', { name: /^attempt 3 completed/ }).waitFor();
    await page.locator('#outcome').getByText('"ch_A-7"').waitFor();
    await page.screenshot({ path: `${screenshots}workflow.png`, fullPage: true });
  });

  test('a pending activity shows its attempt, last failure, heartbeat and next retry; open work is an open bar', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'stubborn-sku-1').getByRole('link', { name: 'stubborn-sku-1' }).click();
    await page.getByRole('link', { name: 'Pending activities (1)' }).click();
    const pending = page.getByLabel('Pending activity');
    await pending.getByText(/^inventory service down \(attempt \d+\)$/).waitFor();
    await pending.getByText(/"warehousesChecked": 3/).waitFor();
    await pending.getByText('Next retry').waitFor();
    assert.match(await pending.locator('dd').nth(1).innerText(), /^\d+ \(no limit\)$/);
    await page.getByRole('link', { name: 'History' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    const activity = timeline.getByRole('listitem', { name: /^reserveStock · \S+: running for .*, attempt \d+$/ });
    await activity.getByRole('img', { name: /^attempt 1 failed/ }).waitFor();
    await activity.getByRole('img', { name: /^retry backoff before attempt 2,/ }).waitFor();
    await timeline.getByRole('listitem', { name: /^stubborn: running for/ }).getByRole('img', { name: /so far$/ }).waitFor();
  });

  test('a failed workflow shows its whole failure chain with stack traces', async () => {
    const page = await open('/namespaces/default/workflows?query=' + encodeURIComponent(`WorkflowId = 'declined-A-8'`));
    await rowOf(page, 'declined-A-8').getByRole('link', { name: 'declined-A-8' }).click();
    const chain = page.getByRole('list', { name: 'Failure and causes' });
    await chain.getByText(/^ActivityFailure · chargeDeclined/).waitFor();
    await chain.getByText(/ApplicationFailure · CardDeclined · non-retryable/).waitFor();
    await chain.getByText('card declined for order A-8', { exact: true }).waitFor();
    await chain.getByText('gateway answered 402 Payment Required', { exact: true }).waitFor();
    assert.ok((await chain.locator('.stack pre').count()) >= 1, 'a stack trace is shown');
    assert.match(await chain.locator('.stack pre').first().innerText(), /at /);
  });

  test('a running workflow answers a query and an update, and receives a signal sent from its page without a reload', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'approval-signal').getByRole('link', { name: 'approval-signal' }).click();
    await header(page).getByText('Running', { exact: true }).waitFor();
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await page.getByRole('link', { name: 'Queries' }).click();
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.getByLabel('Query result').getByText('"waiting, 0 notes"').waitFor();

    await page.getByRole('button', { name: 'Update…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Send an update' });
    await dialog.getByLabel('Update name').fill('addNote');
    await dialog.getByLabel(/^Arguments/).fill('"rush order"');
    await dialog.getByRole('button', { name: 'Send update' }).click();
    await page.getByRole('status').getByText('Update addNote completed: "1 notes".').waitFor();

    await page.getByRole('button', { name: 'Update…' }).click();
    dialog = page.getByRole('dialog', { name: 'Send an update' });
    await dialog.getByLabel('Update name').fill('noSuchUpdate');
    await dialog.getByRole('button', { name: 'Send update' }).click();
    await dialog.getByRole('alert').getByText(/noSuchUpdate/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Signal…' }).click();
    dialog = page.getByRole('dialog', { name: 'Send a signal' });
    await dialog.getByLabel('Signal name').fill('approve');
    await dialog.getByLabel(/^Arguments/).fill('"grace"');
    await dialog.getByRole('button', { name: 'Send signal' }).click();
    await page.getByRole('status').getByText('Signal approve sent.').waitFor();
    await header(page).getByText('Completed', { exact: true }).waitFor();
    await page.locator('#outcome').getByText('"order A-signal approved by grace (rush order)"').waitFor();
    await page.getByRole('list', { name: 'Timeline' }).getByRole('listitem', { name: /^signal approve: received/ }).waitFor();
    await page.getByRole('list', { name: 'Timeline' }).getByRole('listitem', { name: /^update addNote: completed/ }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'the page was not reloaded');
  });

  test('cancel and terminate from the page, each confirmed, show the new state', async () => {
    let page = await open('/namespaces/default/workflows');
    await rowOf(page, 'approval-cancel').getByRole('link', { name: 'approval-cancel' }).click();
    await page.getByRole('button', { name: 'Cancel…' }).click();
    await page.getByRole('dialog', { name: 'Cancel this workflow?' }).getByLabel('Reason').fill('customer changed their mind');
    await page.getByRole('button', { name: 'Request cancellation' }).click();
    await header(page).getByText('Canceled', { exact: true }).waitFor();

    page = await open('/namespaces/default/workflows');
    await rowOf(page, 'approval-terminate').getByRole('link', { name: 'approval-terminate' }).click();
    await page.getByRole('button', { name: 'Terminate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Terminate this workflow?' });
    await dialog.getByLabel('Reason').fill('test is over');
    await dialog.getByRole('button', { name: 'Terminate' }).click();
    await header(page).getByText('Terminated', { exact: true }).waitFor();
    await page.locator('#outcome').getByText('test is over').waitFor();
    await page.getByRole('button', { name: 'Signal…' }).waitFor({ state: 'detached' });
  });

  test('reset from the page starts a new run from the chosen workflow task', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'greeting-ada').getByRole('link', { name: 'greeting-ada' }).click();
    await page.waitForURL(/\/workflows\/greeting-ada\/[^/]+$/);
    const oldRun = page.url().split('/').pop();
    await page.getByRole('button', { name: 'Reset…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset this workflow?' });
    const select = dialog.getByLabel('Reset to workflow task');
    const first = await select.locator('option').first().getAttribute('value');
    await select.selectOption(first ?? '');
    await dialog.getByLabel('Reason').fill('run it again');
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/${oldRun}`));
    await header(page).getByText('Completed', { exact: true }).waitFor();
    await page.locator('#outcome').getByText('"Hello, Ada!"').waitFor();
  });

  test('a parent links to its child and the child back to its parent; a deep URL reloads in place', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'family-fam').getByRole('link', { name: 'family-fam' }).click();
    await page.getByLabel('Workflow summary').getByRole('link', { name: /^fam-child/ }).click();
    await page.waitForURL(/\/workflows\/fam-child\//);
    await page.locator('#outcome').getByText('"Hello, fam junior!"').waitFor();
    await page.reload();
    await page.getByLabel('Workflow summary').getByRole('link', { name: /^family-fam/ }).waitFor();
  });

  test('a schedule shows its spec in words, its upcoming runs and recent runs; pause, unpause, trigger, delete', async () => {
    const page = await open('/namespaces/default/workflows');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('table', { name: 'Schedules' }).getByRole('link', { name: 'nightly-report' }).click();
    await page.getByRole('list', { name: 'Spec in words' }).getByText('every 1 h').waitFor();
    assert.ok((await page.getByRole('list', { name: 'Upcoming runs' }).getByRole('listitem').count()) >= 1);
    await page.getByRole('table', { name: 'Recent runs' }).getByRole('link', { name: /^nightly-report-run/ }).waitFor();
    await page.screenshot({ path: `${screenshots}schedule.png`, fullPage: true });
    await page.getByRole('button', { name: 'Pause…' }).click();
    await page.getByRole('dialog', { name: 'Pause this schedule?' }).getByLabel('Note').fill('maintenance');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await header(page).getByText('Paused', { exact: true }).waitFor();
    await page.getByText('maintenance').waitFor();
    await page.getByRole('button', { name: 'Unpause…' }).click();
    await page.getByRole('button', { name: 'Unpause', exact: true }).click();
    await header(page).getByText('Active', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Trigger…' }).click();
    await page.getByRole('button', { name: 'Trigger', exact: true }).click();
    await page.getByRole('status').getByText('Schedule triggered: a run starts now.').waitFor();
    await page.getByRole('table', { name: 'Recent runs' }).getByRole('row').nth(2).waitFor();
    await page.getByRole('table', { name: 'Recent runs' }).getByRole('link', { name: /^nightly-report-run/ }).first().click();
    await page.locator('#outcome').getByText('"Hello, schedule!"').waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('dialog', { name: 'Delete this schedule?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(/\/schedules$/);
    await page.getByText('No schedules in this namespace.').waitFor();
  });

  test('the downloaded history is what runReplayHistory replays', async () => {
    const page = await open('/namespaces/default/workflows');
    await rowOf(page, 'payment-A-7').getByRole('link', { name: 'payment-A-7' }).click();
    await page.locator('#outcome').getByText('"ch_A-7"').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    assert.match(download.suggestedFilename(), /^payment-A-7_.*_history\.json$/);
    const json: unknown = JSON.parse(readFileSync(await download.path(), 'utf8'));
    const events = historyFromJSON(json).events ?? [];
    assert.equal(events.length, 11);
    await Worker.runReplayHistory({ workflowsPath }, json);
  });

  test('start a workflow from the UI, then see its call stack, its workers and the namespaces', async () => {
    const page = await open('/namespaces/default/workflows');
    await page.getByRole('link', { name: 'Start workflow' }).click();
    // First an id that is taken by a running workflow: the server refuses, and the dialog says why.
    current?.allow(/\/workflows\/stubborn-sku-1$/);
    await page.getByLabel('Workflow ID').fill('stubborn-sku-1');
    await page.getByLabel('Workflow type').fill('approval');
    await page.getByLabel('Task queue').fill(TASK_QUEUE);
    await page.getByLabel(/^Arguments/).fill('["A-ui"]');
    await page.getByRole('button', { name: 'Start…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start this workflow?' });
    await dialog.getByRole('button', { name: 'Start workflow' }).click();
    await dialog.getByRole('alert').getByText(/already/i).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Workflow ID').fill('started-from-ui');
    await page.getByRole('button', { name: 'Start…' }).click();
    await dialog.getByRole('button', { name: 'Start workflow' }).click();
    await page.waitForURL(/\/workflows\/started-from-ui\/[^/]+$/);
    await header(page).getByText('Running', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Input' }).getByText('"A-ui"').waitFor();

    await page.getByRole('link', { name: 'Call stack' }).click();
    // The worker answers __stack_trace with where the run waits, in the workflow's TypeScript source.
    await page.getByText(/workflows\.ts:\d+/).first().waitFor();
    await page.getByRole('navigation', { name: 'Workflow views' }).getByRole('link', { name: 'Workers' }).click();
    // The test's worker polls this queue: the server describes it with the worker's identity (pid@host).
    await page.getByRole('table', { name: 'Workflow pollers' }).getByText(/^\d+@\S+$/).first().waitFor();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Namespaces' }).click();
    await page.getByRole('table', { name: 'Namespaces' }).getByRole('link', { name: 'default', exact: true }).waitFor();
    await env.client.workflow.getHandle('started-from-ui').terminate('test over');
  });

  test('the workers view lists the running worker from its heartbeat: queue, status, slots and pollers', async () => {
    // A versioned worker too: its deployment is listed with the build it polls with.
    const versioned = await Worker.create({
      connection: env.client.connection,
      taskQueue: 'e2e-versioned',
      workflowsPath,
      workerDeploymentOptions: { version: { deploymentName: 'e2e-deploy', buildId: 'build-1' }, useWorkerVersioning: true, defaultVersioningBehavior: 'AUTO_UPGRADE' },
    });
    const running = versioned.run();
    const page = await open('/namespaces/default/workflows');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Workers' }).click();
    await page.waitForURL(/\/namespaces\/default\/workers$/);
    const row = page.getByRole('table', { name: 'Workers' }).getByRole('row').filter({ has: page.getByRole('cell', { name: TASK_QUEUE, exact: true }) });
    await row.getByRole('cell', { name: /^\d+@\S+$/ }).waitFor();
    await row.getByRole('cell', { name: 'Running', exact: true }).waitFor();
    // Slots as "used of total" (the worker's default of 40 workflow task slots), and at least one poller.
    await row.getByRole('cell', { name: /^\d+ of 40$/ }).first().waitFor();
    assert.equal(await page.title(), 'Workers · default · Durable');
    const deployment = page.getByRole('table', { name: 'Worker deployments' }).getByRole('row').filter({ has: page.getByRole('cell', { name: 'e2e-deploy', exact: true }) });
    await deployment.getByRole('cell', { name: 'build-1', exact: true }).waitFor();
    await deployment.getByRole('cell', { name: 'unversioned', exact: true }).waitFor();
    versioned.shutdown();
    await running;
  });

  test('a batch operation is listed with its type and state, and its page shows the query and progress', async () => {
    const targets = ['batch-target-1', 'batch-target-2'];
    for (const id of targets) await env.client.workflow.start('approval', { taskQueue: TASK_QUEUE, workflowId: id, args: [id] });
    const query = `WorkflowId IN ('${targets.join("', '")}')`;
    await env.client.workflowService.startBatchOperation({ namespace: 'default', jobId: 'e2e-terminate', visibilityQuery: query, reason: 'e2e cleanup', terminationOperation: {} });
    const page = await open('/namespaces/default/workflows');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Batches' }).click();
    const row = page.getByRole('table', { name: 'Batch operations' }).getByRole('row').filter({ has: page.getByRole('link', { name: 'e2e-terminate' }) });
    await row.getByRole('cell', { name: 'Terminate workflow', exact: true }).waitFor();
    await row.getByRole('link', { name: 'e2e-terminate' }).click();
    await page.waitForURL(/\/batch-operations\/e2e-terminate$/);
    const details = page.getByRole('definition');
    await page.getByText('2 of 2 done').waitFor();
    await page.getByText(query).waitFor();
    assert.ok(await details.filter({ hasText: 'e2e cleanup' }).count());
    await page.getByRole('link', { name: 'Batch operations' }).click();
    await page.waitForURL(/\/batch-operations$/);
  });

  test('no page had a JavaScript error or a failed request', () => {
    assert.deepEqual(current?.problems ?? [], []);
  });
});
