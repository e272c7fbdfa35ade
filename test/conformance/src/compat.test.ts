// The API-compatibility contract: a program written for @temporalio/client runs on @durable/client with only the
// import changed, and both give the same answers against our server. The build type-checks both files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runProgram as runOnDurable } from './compat/program-durable.js';
import { runProgram as runOnTemporal } from './compat/program-temporal.js';
import { startEnv, uniqueId, type Env } from './harness.js';

const source = (name: string) => readFileSync(new URL(`../src/compat/${name}`, import.meta.url), 'utf8');
// Everything but the leading comment and the import line.
const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('//') && !l.startsWith('import ')).join('\n');

describe('client API compatibility with @temporalio/client', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(async () => {
    await env?.stop();
  });

  test('the two programs differ only in the import', () => {
    const durable = source('program-durable.ts');
    const temporal = source('program-temporal.ts');
    assert.equal(body(durable), body(temporal));
    assert.match(durable, /from '@durable\/client'/);
    assert.match(temporal, /from '@temporalio\/client'/);
  });

  test('activities for our worker differ from the official ones only in the import', () => {
    const read = (name: string) => readFileSync(new URL(`../src/${name}`, import.meta.url), 'utf8');
    assert.equal(body(read('durable-activities.ts')), body(read('activities.ts')));
    assert.equal(body(read('durable-operated-activities.ts')), body(read('operated-activities.ts')));
  });

  test('the same program gives the same output on both clients', async () => {
    const idA = uniqueId('compat-t');
    const idB = uniqueId('compat-d');
    const temporal = await runOnTemporal(env.server.address, env.taskQueue, idA);
    const durable = await runOnDurable(env.server.address, env.taskQueue, idB);
    const normalize = (lines: string[], id: string) => lines.map((l) => l.split(id).join('<id>'));
    assert.deepEqual(normalize(durable, idB), normalize(temporal, idA));
    assert.equal(durable.length, 8, durable.join('\n'));
  });
});
