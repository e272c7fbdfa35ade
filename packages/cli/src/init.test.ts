// `durable init` as a user types it: the binary in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/durable.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'durable-init-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
// As typed in a shell: not under a package manager, whose user agent would choose the install command.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'npm_config_user_agent'));
const durable = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: scratch, encoding: 'utf8', env });

test('durable init <dir> --no-install writes a project and says what to run next', () => {
  const r = durable('init', 'shop', '--no-install');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Wrote shop to .*shop\n[\s\S]*cd shop\n {2}npm install\n {2}npm test/);
  const pkg = JSON.parse(readFileSync(join(scratch, 'shop/package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.server, 'durable server start-dev --db-filename durable.db');
  assert.ok(existsSync(join(scratch, 'shop/src/workflows.ts')));
});

test('durable init without a directory is a usage error; --help prints the usage; the top help lists init', () => {
  const missing = durable('init');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /durable init: missing the directory/);
  assert.match(durable('init', '--help').stdout, /^Usage: durable init <directory>/);
  assert.match(durable('--help').stdout, /init <directory> {3}start a new project/);
});
