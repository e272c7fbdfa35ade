// `npm run pack [-- --out DIR]`: packs every publishable package under packages/ into dist-packages/ (or DIR) as the
// tarballs a registry would serve (pnpm pack turns workspace: ranges into versions), then checks each one.
// The tarballs install with plain npm anywhere: `npx @durable/create my-app --from <DIR>` or `durable init`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkTarball } from './check-packages.mjs';
import { pnpm } from './run-pnpm.mjs';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'dist-packages'));

const packages = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.manifest.private);

const versions = new Set(packages.map((p) => p.manifest.version));
if (versions.size !== 1) {
  console.error(`pack: the packages' versions differ (${[...versions].join(', ')}); they move together`);
  process.exit(1);
}
const version = [...versions][0];
const unbuilt = packages.filter((p) => p.manifest.main && !existsSync(join(p.dir, p.manifest.main)));
if (unbuilt.length) {
  console.error(`pack: not built (${unbuilt.map((p) => p.manifest.name).join(', ')}); run npm run build first`);
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const p of packages) {
  const status = pnpm(['pack', '--pack-destination', out], { cwd: p.dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (status !== 0) {
    console.error(`pack: pnpm pack failed for ${p.manifest.name}`);
    process.exit(1);
  }
}

let failed = false;
const rows = [];
for (const file of readdirSync(out).filter((f) => f.endsWith('.tgz')).sort()) {
  const path = join(out, file);
  const result = await checkTarball(path, version);
  for (const problem of result.problems) console.error(`pack: ${problem}`);
  failed ||= result.problems.length > 0;
  rows.push(`  ${file.padEnd(36)} ${String(Math.round(statSync(path).size / 1024)).padStart(5)} KB  ${result.files} files`);
}
console.log(`${rows.length} packages, version ${version}, in ${out}\n${rows.join('\n')}`);
if (rows.length !== packages.length) {
  console.error(`pack: expected ${packages.length} tarballs, found ${rows.length}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
