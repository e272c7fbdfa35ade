import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// lib/vendor.js keeps V8's compiled code of lib/vendor.cjs in the nearest node_modules/.cache/durable-compile, one
// file per Node version and set of options. A copy of the two files in a directory of their own has its own cache.
const lib = fileURLToPath(new URL('../lib/', import.meta.url));

test('the compile cache keeps one file per set of options, ignores -e code, and stays bounded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-vendor-cache-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    mkdirSync(join(dir, 'lib'));
    for (const f of ['vendor.js', 'vendor.cjs']) copyFileSync(join(lib, f), join(dir, 'lib', f));
    const vendor = join(dir, 'lib', 'vendor.js');
    const cacheDir = join(dir, 'node_modules', '.cache', 'durable-compile');
    const load = (...options: string[]) =>
      execFileSync(process.execPath, [...options, '--input-type=module', '-e', `await import(${JSON.stringify(vendor)}); console.log(${Math.random()})`], {
        env: { ...process.env, NODE_OPTIONS: '' },
      });
    load();
    load();
    assert.equal(readdirSync(cacheDir).length, 1, 'different -e code, same options: one cache file');
    for (let i = 0; i < 8; i++) load(`--max-old-space-size=${512 + i}`);
    const files = readdirSync(cacheDir);
    assert.ok(files.length <= 6 && files.length >= 2, `at most 6 cache files are kept, found ${files.length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
