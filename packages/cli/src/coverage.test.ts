// Command coverage: which commands of the temporal CLI `durable` has. Nexus is out of scope; the commands left out
// are listed with why, so a new command or a new gap fails here until this list, and the README's figure, say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEMPORAL_COMMANDS } from './fixtures/temporal-commands.js';
import { createRegistry } from './registry.js';

const LEFT_OUT: Record<string, string> = {};

const isNexus = (path: string) => /(^| )nexus( |$)/.test(path);

test('durable has every non-Nexus command of the temporal CLI but those left out with a reason', () => {
  const ours = new Set(createRegistry({ groups: [], commands: [] }).commands.map((c) => c.path));
  ours.add('server start-dev'); // registered by main.ts beside `init`
  const scope = TEMPORAL_COMMANDS.filter((c) => !isNexus(c));
  const missing = scope.filter((c) => !ours.has(c) && !(c in LEFT_OUT));
  assert.deepEqual(missing, [], 'commands of the temporal CLI that durable lacks: implement them or say why in LEFT_OUT');
  const stale = Object.keys(LEFT_OUT).filter((c) => ours.has(c) || !TEMPORAL_COMMANDS.includes(c));
  assert.deepEqual(stale, [], 'LEFT_OUT names commands durable has, or that the temporal CLI does not');
  const covered = scope.filter((c) => ours.has(c)).length;
  // The README states this figure ("all 113 of the temporal CLI's non-Nexus commands").
  assert.deepEqual([covered, scope.length, TEMPORAL_COMMANDS.length], [113, 113, 126]);
});
