import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateUsageError, packageManagerFromAgent, parseCreateArgs } from './args.js';
import { CreateError, createProject, findTarballs, projectName } from './create.js';
import { runCreate } from './main.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const scratch = mkdtempSync(join(tmpdir(), 'durable-create-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Pkg {
  name: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
}
const readPkg = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Pkg;

describe('arguments', () => {
  test('a directory is required, one only, and unknown flags are refused', () => {
    assert.throws(() => parseCreateArgs([], {}), CreateUsageError);
    assert.throws(() => parseCreateArgs(['a', 'b'], {}), /expected one directory/);
    assert.throws(() => parseCreateArgs(['a', '--frmo', 'x'], {}), /--frmo/);
    assert.throws(() => parseCreateArgs(['a', '--package-manager', 'cargo'], {}), /npm, pnpm, yarn, bun/);
    assert.equal(parseCreateArgs(['--help'], {}), undefined);
  });

  test('the package manager is the one that ran us, unless named', () => {
    assert.equal(packageManagerFromAgent('pnpm/10.3.0 npm/? node/v20.20.2 linux x64'), 'pnpm');
    assert.equal(packageManagerFromAgent('npm/11.1.0 node/v20.20.2 linux x64 workspaces/false'), 'npm');
    assert.equal(packageManagerFromAgent(undefined), 'npm');
    const args = parseCreateArgs(['my-app', '--no-install'], { npm_config_user_agent: 'yarn/4.0.0' });
    assert.deepEqual(args, { directory: 'my-app', from: undefined, install: false, packageManager: 'yarn' });
  });

  test('bad usage exits 2 with the reason and the usage; help exits 0', () => {
    let err = '';
    const io = { out: { write: () => true }, err: { write: (t: string) => (err += t) }, env: {} };
    assert.equal(runCreate(['--bogus'], io), 2);
    assert.match(err, /durable init: .*bogus[\s\S]*Usage: durable init/);
    assert.equal(runCreate(['-h'], io), 0);
  });
});

describe('project', () => {
  test('names come from the directory, made valid for npm', () => {
    assert.equal(projectName('/x/My Shop_App'), 'my-shop_app');
    assert.equal(projectName('.hidden'), 'hidden');
    assert.equal(projectName('!!!'), 'durable-app');
  });

  test('writes the workflow, activities, worker, client, test and scripts, pinned to this version', () => {
    const dir = join(scratch, 'Hello App');
    const project = createProject({ directory: dir, install: false, packageManager: 'npm' });
    assert.equal(project.name, 'hello-app');
    assert.deepEqual(project.files, [
      '.gitignore', 'README.md', 'package.json',
      'src/activities.ts', 'src/client.ts', 'src/shared.ts', 'src/worker.ts', 'src/workflows.test.ts', 'src/workflows.ts',
      'tsconfig.json',
    ]);
    const pkg = readPkg(dir);
    assert.equal(pkg.name, 'hello-app');
    assert.deepEqual(Object.keys(pkg.scripts).sort(), ['build', 'server', 'start.client', 'start.worker', 'test']);
    for (const name of ['@durable/activity', '@durable/client', '@durable/envconfig', '@durable/worker', '@durable/workflow']) assert.equal(pkg.dependencies[name], version);
    assert.equal(pkg.devDependencies['@durable/testing'], version);
    assert.equal(pkg.devDependencies['@durable/cli'], version);
    assert.equal(pkg.overrides, undefined);
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /^# hello-app\n/);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /node_modules/);
  });

  test('refuses a directory that has files, and leaves them alone', () => {
    const dir = join(scratch, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    assert.throws(() => createProject({ directory: dir, install: false, packageManager: 'npm' }), /taken is not empty \(notes\.txt\)/);
    assert.deepEqual(readdirSync(dir), ['notes.txt']);
  });

  test('--from points every Durable package, and their dependencies on each other, at the tarballs', () => {
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    for (const p of ['activity', 'client', 'envconfig', 'worker', 'workflow', 'cli', 'testing', 'server', 'proto', 'common']) {
      writeFileSync(join(tarballs, `durable-${p}-1.2.3.tgz`), '');
    }
    const dir = join(scratch, 'from-tarballs');
    createProject({ directory: dir, from: tarballs, install: false, packageManager: 'npm' });
    const pkg = readPkg(dir);
    assert.equal(pkg.dependencies['@durable/client'], `file:${join(tarballs, 'durable-client-1.2.3.tgz')}`);
    assert.equal(pkg.overrides?.['@durable/proto'], `file:${join(tarballs, 'durable-proto-1.2.3.tgz')}`);
    assert.equal(Object.keys(pkg.overrides ?? {}).length, 10);
  });

  test('--from says what is wrong with the tarball directory', () => {
    const empty = join(scratch, 'no-tarballs');
    mkdirSync(empty);
    assert.throws(() => findTarballs(join(scratch, 'absent')), /no such directory/);
    assert.throws(() => findTarballs(empty), /no durable-\*\.tgz tarballs/);
    writeFileSync(join(empty, 'durable-client-1.0.0.tgz'), '');
    assert.throws(() => findTarballs(empty), /missing @durable\/activity/);
    writeFileSync(join(empty, 'durable-worker-1.0.1.tgz'), '');
    assert.throws(() => findTarballs(empty), CreateError);
    assert.throws(() => findTarballs(empty), /several versions \(1\.0\.0, 1\.0\.1\)/);
  });

  test("the template type-checks against this workspace's packages", () => {
    // Inside the package, so @durable/* resolve to the workspace packages (dev dependencies of this one).
    const dir = join(new URL('..', import.meta.url).pathname, '.test-projects', `typecheck-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    try {
      createProject({ directory: dir, install: false, packageManager: 'npm' });
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.ok(!existsSync(join(dir, 'dist')));
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
