import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStartDevArgs, UsageError } from './args.js';

test('the exact argv @temporalio/testing passes parses', () => {
  const argv =
    '--port 38211 --namespace default --ip 127.0.0.1 --log-format pretty --log-level warn --dynamic-config-value frontend.enableServerVersionCheck=false --dynamic-config-value frontend.enableUpdateWorkflowExecution=true --dynamic-config-value frontend.enableUpdateWorkflowExecutionAsyncAccepted=true --headless'.split(
      ' ',
    );
  const o = parseStartDevArgs(argv);
  assert.equal(o.port, 38211);
  assert.equal(o.ip, '127.0.0.1');
  assert.deepEqual(o.namespaces, ['default']);
  assert.equal(o.logFormat, 'pretty');
  assert.equal(o.logLevel, 'warn');
  assert.equal(o.headless, true);
  assert.deepEqual(o.dynamicConfig, {
    'frontend.enableServerVersionCheck': 'false',
    'frontend.enableUpdateWorkflowExecution': 'true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': 'true',
  });
});

test('defaults, --flag=value, aliases and repeatable flags', () => {
  const d = parseStartDevArgs([]);
  assert.equal(d.port, 7233);
  assert.equal(d.ip, '127.0.0.1');
  assert.equal(d.dbFilename, undefined);
  assert.equal(d.logLevel, 'info');
  const o = parseStartDevArgs(['-p', '0', '--db-filename=dev.db', '-n', 'a', '--namespace=b', '--search-attribute', 'Customer=Keyword', '--search-attribute=Amount=Int', '--ui-port', '8233', '--metrics-port', '9090']);
  assert.equal(o.port, 0);
  assert.equal(o.dbFilename, 'dev.db');
  assert.deepEqual(o.namespaces, ['a', 'b']);
  assert.deepEqual(o.searchAttributes, { Customer: 'Keyword', Amount: 'Int' });
  assert.equal(o.uiPort, 8233);
  assert.equal(o.metricsPort, 9090);
  assert.equal(d.metricsPort, undefined, 'no metrics endpoint unless asked for');
  assert.deepEqual(o.ignored, []);
});

test('bad flags and values are usage errors that name them', () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /unknown flag "--bogus"/],
    [['--port'], /--port needs a value/],
    [['--port', 'abc'], /--port expects a port number 0-65535, got "abc"/],
    [['--port', '70000'], /got "70000"/],
    [['--log-level', 'loud'], /--log-level expects one of debug, info, warn, error, never, got "loud"/],
    [['--log-format', 'xml'], /--log-format expects json or pretty/],
    [['--dynamic-config-value', 'novalue'], /expects KEY=VALUE, got "novalue"/],
    [['--search-attribute', '=Int'], /expects NAME=TYPE/],
    [['--headless=maybe'], /--headless takes no value/],
    [['--ui-port', 'web'], /--ui-port expects a port number 0-65535, got "web"/],
    [['--metrics-port', '-1'], /--metrics-port expects a port number 0-65535, got "-1"/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseStartDevArgs(argv), (err: Error) => err instanceof UsageError && message.test(err.message), argv.join(' '));
  }
});
