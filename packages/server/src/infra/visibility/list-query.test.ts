import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileListQuery, ListQueryError, type SearchAttributeType, type VisibilityValues } from './list-query.js';

const custom = new Map<string, SearchAttributeType>([
  ['CustomerId', 'Keyword'],
  ['Notes', 'Text'],
  ['Amount', 'Int'],
  ['Score', 'Double'],
  ['Vip', 'Bool'],
  ['DueAt', 'Datetime'],
  ['Tags', 'KeywordList'],
  ['Custom Name', 'Keyword'],
]);

const t0 = Date.parse('2024-05-01T12:00:00Z');
const rows: Record<string, VisibilityValues> = {
  a: { WorkflowId: 'order-1', WorkflowType: 'order', ExecutionStatus: 1, StartTime: t0, CustomerId: 'c1', Amount: 50, Score: 0.5, Vip: true, Tags: ['red', 'blue'], Notes: 'Rush delivery, fragile box', 'Custom Name': 'x' },
  b: { WorkflowId: 'order-2', WorkflowType: 'order', ExecutionStatus: 2, StartTime: t0 + 3600_000, CloseTime: t0 + 7200_000, CustomerId: 'c2', Amount: 150, Vip: false, Tags: ['green'] },
  c: { WorkflowId: 'refund-1', WorkflowType: 'refund', ExecutionStatus: 3, StartTime: t0 - 86_400_000, CloseTime: t0, Amount: 5, DueAt: t0 },
};

function run(query: string, allowGroupBy = false): string[] {
  const q = compileListQuery(query, custom, { allowGroupBy });
  return Object.entries(rows).filter(([, v]) => q.matches(v)).map(([k]) => k);
}

test('empty query matches everything', () => {
  assert.deepEqual(run(''), ['a', 'b', 'c']);
  assert.deepEqual(run('   '), ['a', 'b', 'c']);
});

test('comparisons on keywords, numbers and doubles', () => {
  assert.deepEqual(run("WorkflowType = 'order'"), ['a', 'b']);
  assert.deepEqual(run("WorkflowType != 'order'"), ['c']);
  assert.deepEqual(run('Amount > 10'), ['a', 'b']);
  assert.deepEqual(run('Amount >= 50 AND Amount <= 50'), ['a']);
  assert.deepEqual(run('Amount < 50'), ['c']);
  assert.deepEqual(run('Score > 0.25'), ['a']);
  assert.deepEqual(run("WorkflowId > 'order-1'"), ['b', 'c']);
});

test('IN, NOT IN, BETWEEN, STARTS_WITH', () => {
  assert.deepEqual(run("CustomerId IN ('c1', 'c3')"), ['a']);
  assert.deepEqual(run("CustomerId NOT IN ('c1')"), ['b'], 'a missing value matches neither IN nor NOT IN');
  assert.deepEqual(run('Amount BETWEEN 5 AND 50'), ['a', 'c']);
  assert.deepEqual(run('Amount NOT BETWEEN 5 AND 50'), ['b']);
  assert.deepEqual(run("WorkflowId STARTS_WITH 'order-'"), ['a', 'b']);
  assert.deepEqual(run("WorkflowId NOT STARTS_WITH 'order-'"), ['c']);
});

test('precedence: AND binds tighter than OR; NOT and parentheses', () => {
  assert.deepEqual(run("WorkflowType = 'refund' OR WorkflowType = 'order' AND Amount > 100"), ['b', 'c']);
  assert.deepEqual(run("(WorkflowType = 'refund' OR WorkflowType = 'order') AND Amount > 10"), ['a', 'b']);
  assert.deepEqual(run("NOT WorkflowType = 'order'"), ['c']);
  assert.deepEqual(run('not (Amount > 10)'), ['c'], 'keywords are case-insensitive');
});

test('ExecutionStatus by name (any case) or enum number', () => {
  assert.deepEqual(run("ExecutionStatus = 'Running'"), ['a']);
  assert.deepEqual(run("ExecutionStatus = 'completed'"), ['b']);
  assert.deepEqual(run('ExecutionStatus = 3'), ['c']);
  assert.deepEqual(run("ExecutionStatus IN ('Completed', 'Failed')"), ['b', 'c']);
  assert.throws(() => run("ExecutionStatus = 'Sleeping'"), /invalid ExecutionStatus value 'Sleeping'/);
});

test('KeywordList membership, Text token match, Bool', () => {
  assert.deepEqual(run("Tags = 'blue'"), ['a']);
  assert.deepEqual(run("Tags IN ('green', 'yellow')"), ['b']);
  assert.deepEqual(run("Tags != 'red'"), ['b']);
  assert.deepEqual(run("Notes = 'fragile rush'"), ['a']);
  assert.deepEqual(run("Notes = 'glass'"), []);
  assert.deepEqual(run('Vip = true'), ['a']);
  assert.deepEqual(run('Vip = false'), ['b']);
});

test('Datetime takes RFC3339 with offsets', () => {
  assert.deepEqual(run("StartTime > '2024-05-01T12:30:00Z'"), ['b']);
  assert.deepEqual(run("StartTime >= '2024-05-01T14:00:00+02:00'"), ['a', 'b']);
  assert.deepEqual(run("CloseTime BETWEEN '2024-05-01T00:00:00Z' AND '2024-05-01T12:00:00.000Z'"), ['c']);
  assert.throws(() => run("StartTime > 'yesterday'"), /invalid value 'yesterday' for Datetime attribute StartTime/);
});

test('IS NULL and IS NOT NULL', () => {
  assert.deepEqual(run('CloseTime IS NULL'), ['a']);
  assert.deepEqual(run('CloseTime IS NOT NULL'), ['b', 'c']);
  assert.deepEqual(run('DueAt IS NOT NULL'), ['c']);
});

test('backticks, double quotes and escapes', () => {
  assert.deepEqual(run("`Custom Name` = 'x'"), ['a']);
  assert.deepEqual(run('WorkflowId = "order-1"'), ['a']);
  assert.deepEqual(run("WorkflowId = 'it''s'"), []);
  assert.deepEqual(run("WorkflowId = 'order\\-1'"), ['a']);
});

test('GROUP BY ExecutionStatus only where allowed', () => {
  const q = compileListQuery("WorkflowType = 'order' GROUP BY ExecutionStatus", custom, { allowGroupBy: true });
  assert.equal(q.groupBy, 'ExecutionStatus');
  assert.throws(() => run('GROUP BY ExecutionStatus'), /GROUP BY is only supported by CountWorkflowExecutions/);
  assert.throws(() => run('GROUP BY WorkflowType', true), /only supported for ExecutionStatus/);
});

test('ORDER BY and LIMIT are refused', () => {
  assert.throws(() => run("WorkflowType = 'order' ORDER BY StartTime DESC"), /ORDER BY is not supported/);
  assert.throws(() => run('LIMIT 5'), /LIMIT is not supported/);
});

test('unknown attributes, type mismatches and disallowed operators', () => {
  assert.throws(() => run('Nope = 1'), (e: Error) => e instanceof ListQueryError && /unknown or unsupported search attribute name: Nope/.test(e.message));
  assert.throws(() => run("Amount = 'ten'"), /invalid value 'ten' for Int attribute Amount/);
  assert.throws(() => run('Amount = 1.5'), /for Int attribute Amount/);
  assert.throws(() => run('Vip > true'), /operator '>' not allowed for Bool/);
  assert.throws(() => run("Amount STARTS_WITH '1'"), /operator 'STARTS_WITH' not allowed for Int/);
  assert.throws(() => run("Notes > 'a'"), /operator '>' not allowed for Text/);
  assert.throws(() => run("Tags BETWEEN 'a' AND 'b'"), /'BETWEEN' not allowed for KeywordList/);
});

test('syntax errors give the position', () => {
  assert.throws(() => run("WorkflowId = 'a' AND"), /syntax error at position 21 near end of query/);
  assert.throws(() => run("WorkflowId = 'a"), /unterminated string/);
  assert.throws(() => run('(Amount > 1'), /expected '\)'/);
  assert.throws(() => run('Amount >'), /expected a value/);
  assert.throws(() => run("WorkflowId = 'a' 'b'"), /syntax error at position 18/);
  assert.throws(() => run('Amount ~ 3'), /unexpected character "~"/);
});

test('hostile nesting is refused, not a stack overflow', () => {
  const deep = '('.repeat(10_000) + 'Amount > 1' + ')'.repeat(10_000);
  assert.throws(() => run(deep), /nested more than 64 levels/);
  const nots = 'NOT '.repeat(10_000) + 'Amount > 1';
  assert.throws(() => run(nots), /nested more than 64 levels/);
  assert.deepEqual(run('((((Amount > 100))))'), ['b']);
});
