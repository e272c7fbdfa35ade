// A full disk and a read-only one, on a small file system the test mounts itself (tmpfs: needs root, as CI has).
// Writes that do not fit answer UNAVAILABLE saying the disk is full; nothing acknowledged is lost; the server goes
// on by itself once space is free again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rawServiceClient } from '@durable/proto';
import { DevServer } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'durable-disk-'));
let mounted = false;
let skip: string | false = false;

function mount(options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  mounted = true;
}

before(() => {
  if (process.getuid?.() !== 0) {
    skip = 'mounting a small file system needs root (CI runs as root)';
    return;
  }
  try {
    mount('size=4m');
  } catch (err) {
    if (process.env.CI) throw err;
    skip = `cannot mount a tmpfs here: ${(err as Error).message.split('\n')[0]}`;
  }
});

after(() => {
  if (mounted) execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** Fills the file system with a file of its own, until no byte more fits. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (let size = chunk.length; size >= 1; ) {
      try {
        writeSync(fd, chunk, 0, size);
      } catch {
        size = Math.floor(size / 2);
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('disk faults', () => {
  test('a full disk: UNAVAILABLE saying so, nothing acknowledged lost, and the server goes on once space is free', async (t) => {
    if (skip) return t.skip(skip);
    const db = join(dir, 'dev.db');
    let server = await DevServer.start({ port: 0, dbFilename: db });
    let client = rawServiceClient(server.address);
    const acknowledged: string[] = [];
    const start = (id: string) =>
      client.call('StartWorkflowExecution', { namespace: 'default', workflowId: id, workflowType: { name: 'w' }, taskQueue: { name: 'q' }, requestId: id, input: { payloads: [{ data: Buffer.alloc(2048, 7) }] } });
    try {
      fill(join(dir, 'filler'));
      let refusal: (Error & { code?: number }) | undefined;
      for (let i = 0; i < 5000 && !refusal; i++) {
        try {
          await start(`w-${i}`);
          acknowledged.push(`w-${i}`);
        } catch (err) {
          refusal = err as Error & { code?: number };
        }
      }
      assert.ok(refusal, 'some write did not fit');
      assert.equal(refusal.code, 14, `UNAVAILABLE, got ${refusal.message}`);
      assert.match(refusal.message, /the disk is full \(SQLITE_FULL/);
      assert.match(refusal.message, /free space: the server goes on by itself/);

      rmSync(join(dir, 'filler'));
      await start('after-space-came-back');
      acknowledged.push('after-space-came-back');
    } finally {
      client.close();
      await server.stop();
    }

    server = await DevServer.start({ port: 0, dbFilename: db });
    client = rawServiceClient(server.address);
    try {
      const count = await client.call('CountWorkflowExecutions', { namespace: 'default', query: '' });
      assert.equal(Number(count.count), acknowledged.length, 'every acknowledged start is there, and nothing else');
      for (const id of [acknowledged[0]!, acknowledged.at(-1)!]) {
        await client.call('DescribeWorkflowExecution', { namespace: 'default', execution: { workflowId: id } });
      }
    } finally {
      client.close();
      await server.stop();
    }
  });

  test('a read-only file system: the server refuses to start, saying so', async (t) => {
    if (skip) return t.skip(skip);
    const db = join(dir, 'ro.db');
    const server = await DevServer.start({ port: 0, dbFilename: db });
    await server.stop();
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    try {
      await assert.rejects(DevServer.start({ port: 0, dbFilename: db }), /the database file .*ro\.db is read-only \(EROFS\): make it and its folder writable/);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', dir]);
    }
  });
});
