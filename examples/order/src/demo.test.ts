// The README's demo, run as a newcomer runs it: it must finish the order after killing its worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

test('the demo kills the worker mid-order and a new worker finishes it, each step once', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(new URL('./demo.js', import.meta.url))], { timeout: 60_000 });
  assert.match(stdout, /4\. Worker \d+ killed with SIGKILL while charging the card/);
  assert.match(stdout, /6\. Order finished after [\d.]+ s: \{"orderId":"\d+","reservation":"res_\d+","charge":"ch_\d+"\}/);
  assert.match(stdout, /completed steps reserveInventory, chargePayment, sendConfirmation — the inventory was reserved once/);
  assert.equal(stdout.match(/activity reserveInventory started/g)?.length, 1, 'reserve ran once');
});
