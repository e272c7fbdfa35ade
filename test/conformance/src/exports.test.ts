// The drop-in promise, checked by import: every runtime export (value) of the six official packages exists in the
// matching @durable package with the same kind, and enum objects carry the same keys and values. What is left out
// must be listed in README.md, each with why; the list may not name an export we do have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PACKAGES = ['common', 'activity', 'workflow', 'client', 'worker', 'testing'] as const;
type Pkg = (typeof PACKAGES)[number];
type Module = Record<string, unknown>;

// ESM's view of a CommonJS module adds these two; they are not exports of the package.
const NOT_EXPORTS = new Set(['default', '__esModule']);

/** `| \`name\` | \`@temporalio/pkg\` | why |` rows of README's lists of left-out exports. */
function leftOutInReadme(): Map<string, { pkg: string; why: string }> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const out = new Map<string, { pkg: string; why: string }>();
  for (const line of readme.split('\n')) {
    const m = /^\| `([\w$]+)` \| `@temporalio\/(\w+)` \| (.+) \|$/.exec(line);
    if (m) out.set(`${m[2]}:${m[1]}`, { pkg: m[2]!, why: m[3]!.trim() });
  }
  return out;
}

const kind = (v: unknown): string => (typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)) ? 'class' : typeof v);

/** An `as const` enum object: string values only (the official ones also hold `undefined` aliases). */
const isEnumObject = (v: unknown): v is Record<string, string | undefined> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => x === undefined || typeof x === 'string');

async function load(pkg: Pkg): Promise<{ official: Module; ours: Module }> {
  const official = (await import(`@temporalio/${pkg}`)) as Module;
  const ours = (await import(`@durable/${pkg}`)) as Module;
  return { official, ours };
}

test('every runtime export of @temporalio/* 1.24 exists in @durable/*, or README says why not', async () => {
  const leftOut = leftOutInReadme();
  const problems: string[] = [];
  const coverage: string[] = [];
  for (const pkg of PACKAGES) {
    const { official, ours } = await load(pkg);
    const names = Object.keys(official).filter((k) => !NOT_EXPORTS.has(k));
    let covered = 0;
    for (const name of names) {
      const listed = leftOut.get(`${pkg}:${name}`);
      if (!(name in ours)) {
        if (!listed) problems.push(`@durable/${pkg} lacks ${name} (${kind(official[name])}), and README does not list it`);
        continue;
      }
      covered++;
      if (listed) problems.push(`README lists ${name} of @temporalio/${pkg} as left out, but @durable/${pkg} exports it`);
      const a = official[name];
      const b = ours[name];
      if (typeof a !== typeof b) problems.push(`@durable/${pkg} ${name} is a ${typeof b}, the official one a ${typeof a}`);
      if (isEnumObject(a)) {
        for (const [k, v] of Object.entries(a)) {
          if (v !== undefined && (b as Record<string, unknown>)[k] !== v) problems.push(`@durable/${pkg} ${name}.${k} is ${String((b as Record<string, unknown>)[k])}, expected ${v}`);
        }
      }
    }
    coverage.push(`${pkg}: ${covered}/${names.length}`);
  }
  console.log(`runtime exports covered (ours/official): ${coverage.join(', ')}`);
  assert.deepEqual(problems, []);
});

test('README gives a reason for every export it leaves out', () => {
  for (const [name, { why }] of leftOutInReadme()) assert.ok(why.length > 10, `${name}: "${why}" is not a reason`);
});
