// `npm run build`: generates the schema and vendor modules of @durable/proto, compiles every TypeScript project of
// the workspace (each folder the workspace globs name that has a tsconfig.json, so a new package or example is
// built without being listed anywhere), then the build steps that need compiled code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function run(file, args = []) {
  const r = spawnSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The folders pnpm-workspace.yaml's `packages:` globs match (each glob is `dir/*` or a plain folder). */
export function workspaceProjects() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const section = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(yaml);
  if (!section) throw new Error('pnpm-workspace.yaml has no packages: list');
  const globs = [...section[1].matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]);
  const dirs = [];
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      for (const d of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (d.isDirectory()) dirs.push(`${parent}/${d.name}`);
      }
    } else {
      dirs.push(glob);
    }
  }
  return dirs.filter((d) => existsSync(join(root, d, 'tsconfig.json'))).sort();
}

/**
 * Removes compiled files whose TypeScript source is gone (tsc never deletes an output), so a deleted test does not
 * go on running from dist/. A compiled file is known by its source map; files built otherwise have none.
 */
function pruneStaleOutputs(project) {
  const dist = join(root, project, 'dist');
  if (!existsSync(dist)) return;
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js.map')) continue;
    const map = join(entry.parentPath ?? entry.path, entry.name);
    const sources = JSON.parse(readFileSync(map, 'utf8')).sources ?? [];
    if (sources.length === 0 || sources.some((s) => existsSync(resolve(dirname(map), s)))) continue;
    const base = map.slice(0, -'.js.map'.length);
    for (const ext of ['.js', '.js.map', '.d.ts', '.d.ts.map']) rmSync(base + ext, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run('packages/proto/scripts/build-schema.cjs');
  run('packages/proto/scripts/build-vendor.mjs');
  const projects = workspaceProjects();
  run(createRequire(import.meta.url).resolve('typescript/bin/tsc'), ['-b', ...projects]);
  for (const project of projects) pruneStaleOutputs(project);
  run('packages/worker/scripts/build-shared.mjs');
  run('packages/ui/scripts/build-app.mjs');
}
