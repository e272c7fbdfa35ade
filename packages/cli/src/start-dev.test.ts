import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DevServerOptions } from '@durable/server';
import { parseStartDevArgs } from './args.js';
import { runStartDev, type StartDevDeps } from './start-dev.js';

function fakeDeps(start: (o: DevServerOptions) => Promise<{ address: string; httpAddress?: string; uiAddress?: string; metricsAddress?: string; stop(): Promise<void> }>, takenPorts: number[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  let handler: ((s: string) => void) | undefined;
  const deps: StartDevDeps = {
    startServer: start,
    portFree: async (_ip, port) => !takenPorts.includes(port),
    out: { write: (l: string) => out.push(l) },
    err: { write: (l: string) => err.push(l) },
    onSignal: (h) => (handler = h),
    exit: (c) => exits.push(c),
  };
  return { deps, out, err, exits, signal: (s: string) => handler!(s) };
}

test('prints one ready line, passes the options through, and stops on SIGTERM', async () => {
  let received: DevServerOptions | undefined;
  let stopped = 0;
  const f = fakeDeps(async (o) => {
    received = o;
    return { address: '127.0.0.1:4321', httpAddress: `127.0.0.1:${o.httpPort}`, stop: async () => void stopped++ };
  });
  await runStartDev(parseStartDevArgs(['--port', '4321', '-n', 'orders', '--db-filename', 'x.db', '--log-level', 'never']), f.deps);
  assert.deepEqual(f.out, ['Durable dev server ready on 127.0.0.1:4321 (HTTP API http://127.0.0.1:4331/api/v1; namespaces: default, orders; database: x.db)\n']);
  assert.equal(received?.port, 4321);
  assert.equal(received?.httpPort, 4331, 'the HTTP API defaults to the gRPC port + 10');
  assert.deepEqual(received?.namespaces, ['orders']);
  assert.equal(received?.dbFilename, 'x.db');
  assert.equal(received?.uiPort, 5321);
  f.signal('SIGTERM');
  await new Promise((r) => setImmediate(r));
  assert.equal(stopped, 1);
  assert.deepEqual(f.exits, [0]);
});

test('the ready line names the web UI; --ui-port moves it, --headless turns it off, a taken default moves aside', async () => {
  const ports: (number | undefined)[] = [];
  const start = async (o: DevServerOptions) => {
    ports.push(o.uiPort);
    return { address: '127.0.0.1:7233', uiAddress: o.uiPort === undefined ? undefined : `127.0.0.1:${o.uiPort}`, stop: async () => undefined };
  };
  const f = fakeDeps(start);
  await runStartDev(parseStartDevArgs(['--log-level', 'never']), f.deps);
  await runStartDev(parseStartDevArgs(['--log-level', 'never', '--ui-port', '9000']), f.deps);
  await runStartDev(parseStartDevArgs(['--log-level', 'never', '--headless']), f.deps);
  await runStartDev(parseStartDevArgs(['--log-level', 'never', '--port', '0']), f.deps);
  const taken = fakeDeps(start, [8233]);
  await runStartDev(parseStartDevArgs(['--log-format', 'json']), taken.deps);
  assert.deepEqual(ports, [8233, 9000, undefined, 0, 0]);
  assert.match(f.out[0], /; web UI at http:\/\/127\.0\.0\.1:8233\n$/);
  assert.doesNotMatch(f.out[2], /web UI/);
  assert.match(taken.err.join(''), /default web UI port is taken/);
});

test('--metrics-port serves metrics; the ready line says where', async () => {
  let received: DevServerOptions | undefined;
  const f = fakeDeps(async (o) => {
    received = o;
    return { address: '127.0.0.1:7233', metricsAddress: `127.0.0.1:${o.metricsPort}`, stop: async () => undefined };
  });
  await runStartDev(parseStartDevArgs(['--log-level', 'never', '--headless', '--metrics-port', '9464']), f.deps);
  assert.equal(received?.metricsPort, 9464);
  assert.match(f.out[0]!, /; metrics at http:\/\/127\.0\.0\.1:9464\/metrics\n$/);
});

test('a second signal forces exit 1', async () => {
  const f = fakeDeps(async () => ({ address: 'a', stop: () => new Promise<void>(() => undefined) }));
  await runStartDev(parseStartDevArgs(['--log-level', 'never']), f.deps);
  f.signal('SIGINT');
  f.signal('SIGINT');
  assert.deepEqual(f.exits, [1]);
});

test('a failure to start prints the reason and exits 1', async () => {
  const f = fakeDeps(async () => {
    throw new Error('cannot listen on 127.0.0.1:7233: address in use');
  });
  await runStartDev(parseStartDevArgs(['--log-level', 'never']), f.deps);
  assert.deepEqual(f.exits, [1]);
  assert.match(f.err.join(''), /cannot start the dev server: cannot listen on 127\.0\.0\.1:7233: address in use/);
  assert.deepEqual(f.out, []);
});

test('--http-port chooses the HTTP API port; the default falls back to a free port when gRPC + 10 is taken', async () => {
  const ports: (number | undefined)[] = [];
  const start = async (o: DevServerOptions) => {
    ports.push(o.httpPort);
    return { address: 'a', stop: async () => undefined };
  };
  await runStartDev(parseStartDevArgs(['--log-level', 'never']), fakeDeps(start).deps);
  await runStartDev(parseStartDevArgs(['--http-port', '8000', '--log-level', 'never']), fakeDeps(start).deps);
  await runStartDev(parseStartDevArgs(['--port', '0', '--log-level', 'never']), fakeDeps(start).deps);
  const taken = fakeDeps(start, [7243]);
  await runStartDev(parseStartDevArgs(['--log-format', 'json']), taken.deps);
  assert.deepEqual(ports, [7243, 8000, 0, 0]);
  assert.match(taken.err.join(''), /default HTTP API port is taken/);
});
