// Outside this repository: the packed tarballs installed with plain npm into fresh directories (no pnpm, no
// workspace), a project made by `durable init`, and a project written for @temporalio/* whose package.json
// aliases the official names to Durable's packages. Each builds, passes its tests, and runs a workflow on a dev
// server started from the installed `durable` binary.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Background, run } from '@durable/test-support/processes';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/temporal-hello-world/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'durable-outside-'));
const tarballs = join(scratch, 'tarballs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// npm and the programs it starts must not see the workspace's pnpm settings, nor the test runner that runs us
// (node --test in a child would think it is nested and run nothing).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|NODE_TEST_)/i.test(k)));
let server: Background | undefined;
let address = '';

function timed<T>(label: string, f: () => T): T {
  const start = performance.now();
  try {
    return f();
  } finally {
    console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
}

/**
 * Starts the project's worker, runs its client, and returns what the client printed. A worker that says when it
 * polls is waited for; otherwise the workflow task simply waits in its queue until the worker takes it.
 */
async function runWorkflow(cwd: string, worker: string[], client: string[], ready?: RegExp): Promise<string> {
  const w = new Background(process.execPath, worker, { cwd, env: { ...env, TEMPORAL_ADDRESS: address } });
  try {
    if (ready) await w.waitFor(ready);
    return run(process.execPath, client, { cwd, env: { ...env, TEMPORAL_ADDRESS: address }, timeoutMs: 60_000 }).output;
  } finally {
    await w.stop();
  }
}

before(() => {
  timed('pack', () => run(process.execPath, [join(repo, 'scripts/pack.mjs'), '--out', tarballs], { cwd: repo }));
});

after(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a new project from the tarballs, with plain npm', () => {
  const app = join(scratch, 'my-app');

  test('npx @durable/create writes and installs the project; it builds and its test passes', () => {
    const create = readdirSync(tarballs).find((f) => f.startsWith('durable-create-'));
    assert.ok(create, 'the create package is packed');
    const started = performance.now();
    const out = timed('create + npm install', () =>
      run(npm, ['exec', '--yes', `--package=${join(tarballs, create)}`, '--', 'durable-create', 'my-app', '--from', tarballs], { cwd: scratch, env }).output,
    );
    assert.match(out, /Next:\n {2}cd my-app/);
    assert.ok(existsSync(join(app, 'node_modules/.bin/durable')), 'the durable binary is installed');
    const test = timed('npm test', () => run(npm, ['test'], { cwd: app, env }).output);
    assert.match(test, /# pass 2\n# fail 0/);
    console.log(`  init to tests passed: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  test('the installed durable binary starts a dev server, and the worker runs the client’s workflow on it', async () => {
    server = new Background(join(app, 'node_modules/.bin/durable'), ['server', 'start-dev', '--port', '0', '--log-level', 'warn'], { cwd: app, env });
    address = (await server.waitFor(/ready on (\S+)/))[1]!;
    const out = await runWorkflow(app, ['dist/worker.js'], ['dist/client.js', 'Ada'], /Worker polling task queue "greetings"/);
    assert.match(out, /Started workflow greeting-\d+\nHello, Ada!\n/);
    const list = run(join(app, 'node_modules/.bin/durable'), ['workflow', 'list', '--address', address, '--output', 'json'], { cwd: app, env }).output;
    // The temporal CLI's JSON: each execution's proto3 JSON.
    const runs = JSON.parse(list) as { type: { name: string }; status: string }[];
    assert.deepEqual(runs.map((r) => [r.type.name, r.status]), [['greeting', 'WORKFLOW_EXECUTION_STATUS_COMPLETED']]);
  });

  test('`durable init` from the installed binary writes a project too', () => {
    const out = run(join(app, 'node_modules/.bin/durable'), ['init', 'second', '--from', tarballs, '--no-install'], { cwd: scratch, env }).output;
    assert.match(out, /Wrote second to /);
    const pkg = JSON.parse(readFileSync(join(scratch, 'second/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.match(pkg.dependencies['@durable/worker']!, /^file:.*durable-worker-[\d.]+\.tgz$/);
  });
});

describe('a project written for @temporalio/*, with the official names aliased to Durable', () => {
  const app = join(scratch, 'temporal-hello-world');

  test('installs, builds, and its mocha tests pass unchanged', () => {
    cpSync(fixture, app, { recursive: true });
    // The fixture aliases the official names to Durable's packages on a registry ("npm:@durable/client@0.1.0");
    // until they are published, the same aliases point at the tarballs.
    const pkgFile = join(app, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, Record<string, string>>;
    const byName = new Map<string, string>();
    for (const f of readdirSync(tarballs)) {
      const m = /^durable-(.+)-\d[^-]*\.tgz$/.exec(f);
      if (m) byName.set(`@durable/${m[1]}`, `file:${join(tarballs, f)}`);
    }
    for (const section of ['dependencies', 'devDependencies']) {
      for (const [name, spec] of Object.entries(pkg[section]!)) {
        const alias = /^npm:(@durable\/[^@]+)@/.exec(spec);
        if (alias) pkg[section]![name] = byName.get(alias[1]!)!;
      }
    }
    pkg.overrides = Object.fromEntries(byName);
    writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
    timed('npm install', () => run(npm, ['install'], { cwd: app, env }));
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/@temporalio/worker/package.json'), 'utf8')) as { name: string };
    assert.equal(installed.name, '@durable/worker');
    timed('npm run build', () => run(npm, ['run', 'build'], { cwd: app, env }));
    const out = timed('npm test (mocha, ts-node)', () => run(npm, ['test'], { cwd: app, env }).output);
    assert.match(out, /2 passing/);
  });

  test('its worker and client run the workflow on the dev server', async () => {
    assert.ok(address, 'the dev server of the first project is running');
    const out = await runWorkflow(app, ['lib/worker.js'], ['lib/client.js']);
    assert.match(out, /Started workflow workflow-\S+\nHello, Temporal!\n/);
  });
});
