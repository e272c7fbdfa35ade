// The release scripts on tarballs made here: the package check must catch what a registry install would trip on,
// and the publish script's dry run must publish each package after those it depends on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { create } from 'tar';

const scripts = fileURLToPath(new URL('../../../scripts/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'durable-release-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const complete = {
  version: '1.0.0',
  description: 'd',
  license: 'MIT',
  repository: { type: 'git', url: 'git+https://example.invalid/r.git' },
  engines: { node: '>=20' },
  type: 'module',
};

/** Writes <dir>/<file>.tgz holding package/package.json and the given files, as npm and pnpm pack them. */
async function tarball(dir: string, file: string, manifest: object, files: Record<string, string> = {}): Promise<string> {
  const src = join(scratch, `src-${file}`);
  for (const [path, text] of Object.entries({ 'package.json': JSON.stringify(manifest), ...files })) {
    const full = join(src, 'package', path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${file}.tgz`);
  await create({ gzip: true, file: out, cwd: src }, ['package']);
  return out;
}

function check(...files: string[]) {
  const r = spawnSync(process.execPath, [join(scripts, 'check-packages.mjs'), ...files], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

test('a packed package.json with a workspace: range fails the check, naming the dependency', async () => {
  const file = await tarball(join(scratch, 'a'), 'durable-a-1.0.0', {
    ...complete,
    name: '@durable/a',
    main: './dist/index.js',
    dependencies: { '@durable/b': 'workspace:*' },
  }, { 'dist/index.js': '' });
  const r = check(file);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /@durable\/a: dependencies\.@durable\/b is "workspace:\*", which a registry install cannot resolve/);
});

test('an export path missing from the tarball fails the check, naming the path', async () => {
  const file = await tarball(join(scratch, 'b'), 'durable-b-1.0.0', {
    ...complete,
    name: '@durable/b',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './sandbox': './dist/sandbox.js' },
  }, { 'dist/index.js': '', 'dist/index.d.ts': '' });
  const r = check(file);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /@durable\/b: exports\["\.\/sandbox"\] points to \.\/dist\/sandbox\.js, which is not in the tarball/);
  assert.doesNotMatch(r.stderr, /index/);
});

test('packages of one version with their files present pass; a second version or missing metadata does not', async () => {
  const dir = join(scratch, 'c');
  const ok = await tarball(dir, 'durable-c-1.0.0', { ...complete, name: '@durable/c', bin: { c: './bin/c.js' } }, { 'bin/c.js': '' });
  assert.deepEqual(check(ok), { status: 0, stderr: '' });
  const other = await tarball(dir, 'durable-d-1.0.1', { ...complete, version: '1.0.1', name: '@durable/d', dependencies: { '@durable/c': '1.0.0' } });
  assert.match(check(ok, other).stderr, /@durable\/d: version 1\.0\.1, the others are 1\.0\.0/);
  const bare = await tarball(dir, 'durable-e-1.0.0', { name: '@durable/e', version: '1.0.0' });
  assert.match(check(bare).stderr, /@durable\/e: no license in package\.json/);
});

test('publishing without a registry is a dry run that sends each package after its dependencies', async () => {
  const dir = join(scratch, 'publish');
  await tarball(dir, 'durable-top-1.0.0', { ...complete, name: '@durable/top', dependencies: { '@durable/mid': '1.0.0', ms: '^2.1.3' } });
  await tarball(dir, 'durable-mid-1.0.0', { ...complete, name: '@durable/mid', dependencies: { '@durable/base': '1.0.0' } });
  await tarball(dir, 'durable-base-1.0.0', { ...complete, name: '@durable/base' });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DURABLE_PUBLISH_REGISTRY' && !/^npm_/i.test(k)));
  const r = spawnSync(process.execPath, [join(scripts, 'publish.mjs'), '--dir', dir], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Dry run .*: 3 packages \(1\.0\.0\)\n {2}@durable\/base@1\.0\.0 \(dry run\)\n {2}@durable\/mid@1\.0\.0 \(dry run\)\n {2}@durable\/top@1\.0\.0 \(dry run\)\n$/);
});

test('publishing stops before sending anything when a tarball fails the check', async () => {
  const dir = join(scratch, 'publish-bad');
  await tarball(dir, 'durable-x-1.0.0', { ...complete, name: '@durable/x', dependencies: { '@durable/y': 'workspace:^' } });
  const r = spawnSync(process.execPath, [join(scripts, 'publish.mjs'), '--dir', dir], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /publish: @durable\/x: dependencies\.@durable\/y is "workspace:\^"/);
  assert.doesNotMatch(r.stdout, /dry run\)/);
});
