// Checks packed tarballs as a registry would serve them: no workspace:/link: ranges left, Durable's packages
// depending on each other at one version, and every file that package.json points to (main, types, bin, exports)
// present in the tarball. `node scripts/check-packages.mjs <file.tgz>...` exits 1 and names each problem.
import { list } from 'tar';

/** The files in a tarball and its package.json. */
export async function readTarball(file) {
  const paths = new Set();
  let manifest;
  await list({
    file,
    onReadEntry: (entry) => {
      const path = entry.path.replace(/^package\//, '');
      paths.add(path);
      if (path === 'package.json') {
        const chunks = [];
        entry.on('data', (c) => chunks.push(c));
        entry.on('end', () => (manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      } else {
        entry.resume();
      }
    },
  });
  if (!manifest) throw new Error(`${file}: no package/package.json inside`);
  return { paths, manifest };
}

/** Every file path named by main, types, bin and exports (conditions and subpaths, without wildcards). */
function pointedFiles(manifest) {
  const out = [];
  const walk = (value, where) => {
    if (typeof value === 'string') out.push([where, value]);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${where}["${k}"]`);
  };
  for (const field of ['main', 'types', 'typings', 'module', 'bin', 'exports']) walk(manifest[field], field);
  return out.filter(([, path]) => !path.includes('*'));
}

const isOurs = (name) => name.startsWith('@durable/') || name === 'create-durable';

/** Problems of one tarball, as sentences; `version` is the version all of Durable's packages must share. */
export async function checkTarball(file, version) {
  const { paths, manifest } = await readTarball(file);
  const problems = [];
  const name = manifest.name ?? file;
  if (version && manifest.version !== version) problems.push(`${name}: version ${manifest.version}, the others are ${version}`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file|portal):/.test(spec)) problems.push(`${name}: ${field}.${dep} is "${spec}", which a registry install cannot resolve`);
      else if (isOurs(dep) && version && spec !== version) problems.push(`${name}: ${field}.${dep} is "${spec}", not ${version}`);
    }
  }
  for (const [where, path] of pointedFiles(manifest)) {
    const normal = path.replace(/^\.\//, '');
    if (!paths.has(normal)) problems.push(`${name}: ${where} points to ${path}, which is not in the tarball`);
  }
  for (const field of ['license', 'repository', 'engines', 'description']) {
    if (!manifest[field]) problems.push(`${name}: no ${field} in package.json`);
  }
  return { name, version: manifest.version, files: paths.size, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node scripts/check-packages.mjs <file.tgz>...');
    process.exit(2);
  }
  let failed = false;
  const first = await readTarball(files[0]);
  for (const file of files) {
    const { problems } = await checkTarball(file, first.manifest.version);
    for (const p of problems) console.error(p);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
