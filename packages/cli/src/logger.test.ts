import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (l: string) => lines.push(l) } };
}

test('the level filters records below it, and never logs nothing', () => {
  const c = capture();
  const log = createLogger({ level: 'warn', format: 'pretty', stream: c.stream });
  log.debug('d');
  log.info('i');
  log.warn('w');
  log.error('e');
  assert.equal(c.lines.length, 2);
  assert.match(c.lines[0], /WARN +w\n$/);
  const quiet = capture();
  createLogger({ level: 'never', format: 'json', stream: quiet.stream }).error('x');
  assert.equal(quiet.lines.length, 0);
});

test('json lines parse and carry the fields; pretty lines show key=value', () => {
  const j = capture();
  createLogger({ level: 'debug', format: 'json', stream: j.stream }).info('started', { address: '127.0.0.1:1', n: 3 });
  const rec = JSON.parse(j.lines[0]) as Record<string, unknown>;
  assert.equal(rec.level, 'info');
  assert.equal(rec.msg, 'started');
  assert.equal(rec.address, '127.0.0.1:1');
  assert.equal(rec.n, 3);
  const p = capture();
  createLogger({ level: 'debug', format: 'pretty', stream: p.stream }).warn('unknown key', { key: 'a.b', why: 'two words' });
  assert.match(p.lines[0], /WARN {2}unknown key key=a\.b why="two words"/);
});
