// `npm run release:publish -- [--dir DIR] [--registry URL] [--tag TAG]`: publishes the tarballs that
// `npm run pack` wrote (dist-packages/ by default), each package after the ones it depends on, so a registry never
// serves a package whose dependencies are missing. With no registry given (--registry or DURABLE_PUBLISH_REGISTRY)
// it is a dry run: npm shows what it would publish and sends nothing. A version already on the registry is skipped,
// so a publish that stopped half-way can be run again. Needs only the tarballs, not this repository.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkTarball, readTarball } from './check-packages.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, registry: { type: 'string' }, tag: { type: 'string' } },
});
const dir = resolve(values.dir ?? new URL('../dist-packages', import.meta.url).pathname);
const registry = values.registry ?? process.env.DURABLE_PUBLISH_REGISTRY;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let files;
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
} catch {
  files = [];
}
if (files.length === 0) {
  console.error(`publish: no tarballs in ${dir}; run npm run pack first`);
  process.exit(1);
}

const packages = new Map();
for (const file of files) {
  const { manifest } = await readTarball(join(dir, file));
  packages.set(manifest.name, { file: join(dir, file), manifest });
}

/** Package names, each after the packages of this set it depends on. */
function dependencyOrder() {
  const order = [];
  const state = new Map();
  const visit = (name, path) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`publish: a dependency cycle: ${[...path, name].join(' -> ')}`);
    state.set(name, 'visiting');
    const { manifest } = packages.get(name);
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).sort()) {
      if (packages.has(dep)) visit(dep, [...path, name]);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of [...packages.keys()].sort()) visit(name, []);
  return order;
}

const version = [...packages.values()][0].manifest.version;
for (const { file } of packages.values()) {
  const { problems } = await checkTarball(file, version);
  if (problems.length) {
    for (const p of problems) console.error(`publish: ${p}`);
    process.exit(1);
  }
}

console.log(registry ? `Publishing ${packages.size} packages (${version}) to ${registry}` : `Dry run (no --registry or DURABLE_PUBLISH_REGISTRY): ${packages.size} packages (${version})`);
for (const name of dependencyOrder()) {
  const { file } = packages.get(name);
  const where = registry ? ['--registry', registry] : [];
  if (registry) {
    const seen = spawnSync(npm, ['view', `${name}@${version}`, 'version', ...where], { encoding: 'utf8' });
    if (seen.status === 0 && seen.stdout.trim() === version) {
      console.log(`  ${name}@${version} is already published; skipped`);
      continue;
    }
  }
  const args = ['publish', file, '--access', 'public', '--tag', values.tag ?? 'latest', ...where, ...(registry ? [] : ['--dry-run'])];
  const r = spawnSync(npm, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`publish: npm ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  console.log(`  ${name}@${version}${registry ? '' : ' (dry run)'}`);
}
