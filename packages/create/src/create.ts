import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { PackageManager } from './args.js';

/** Versions of the tools a new project builds with; Durable's own packages take this package's version. */
const TYPESCRIPT = '~5.9.3';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

const RUNTIME_PACKAGES = ['activity', 'client', 'envconfig', 'worker', 'workflow'];
const DEV_PACKAGES = ['cli', 'testing'];

/** Template files whose names npm would change when packing this package (it renames .gitignore). */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

const TEMPLATE_DIR = new URL('../template/', import.meta.url);

export interface CreateProjectOptions {
  directory: string;
  /** a directory of packed tarballs (durable-<name>-<version>.tgz) to install from instead of the registry */
  from?: string;
  install: boolean;
  packageManager: PackageManager;
  log?: (line: string) => void;
}

export interface CreatedProject {
  directory: string;
  name: string;
  /** files written, relative to the directory */
  files: string[];
}

export class CreateError extends Error {
  override name = 'CreateError';
}

function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A valid npm package name from a directory name: lower case, URL-safe characters, no leading dot or underscore. */
export function projectName(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '');
  return name || 'durable-app';
}

/** The tarballs of Durable's packages in a directory, by package name, all of one version. */
export function findTarballs(dir: string): { version: string; byName: Map<string, string> } {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new CreateError(`--from ${dir}: no such directory`);
  const byName = new Map<string, string>();
  const versions = new Set<string>();
  for (const file of readdirSync(abs)) {
    // pnpm pack and npm pack name a scoped package's tarball <scope>-<name>-<version>.tgz
    const m = /^durable-(.+)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/.exec(file);
    if (!m) continue;
    byName.set(`@durable/${m[1]}`, join(abs, file));
    versions.add(m[2]!);
  }
  if (byName.size === 0) throw new CreateError(`--from ${dir}: no durable-*.tgz tarballs there (make them with \`npm run pack\` in the Durable repository)`);
  if (versions.size > 1) throw new CreateError(`--from ${dir}: tarballs of several versions (${[...versions].join(', ')}); keep one version`);
  const missing = [...RUNTIME_PACKAGES, ...DEV_PACKAGES].map((p) => `@durable/${p}`).filter((p) => !byName.has(p));
  if (missing.length) throw new CreateError(`--from ${dir}: missing ${missing.join(', ')}`);
  return { version: [...versions][0]!, byName };
}

function packageJson(name: string, options: CreateProjectOptions): object {
  let spec: (pkg: string) => string;
  let overrides: Record<string, string> | undefined;
  if (options.from) {
    const { byName } = findTarballs(options.from);
    spec = (pkg) => `file:${byName.get(pkg)!}`;
    // Durable's packages depend on each other by version: point those at the tarballs too, not at a registry.
    overrides = Object.fromEntries([...byName.keys()].sort().map((pkg) => [pkg, spec(pkg)]));
  } else {
    const version = ownVersion();
    spec = () => version;
  }
  const deps = (names: string[]) => Object.fromEntries(names.map((n) => [`@durable/${n}`, spec(`@durable/${n}`)]));
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20' },
    scripts: {
      build: 'tsc',
      'start.worker': 'node dist/worker.js',
      'start.client': 'node dist/client.js',
      server: 'durable server start-dev --db-filename durable.db',
      test: 'tsc && node --test dist/',
    },
    dependencies: deps(RUNTIME_PACKAGES),
    devDependencies: { ...deps(DEV_PACKAGES), '@types/node': `^${NODE_MAJOR}.0.0`, typescript: TYPESCRIPT },
    ...(overrides ? { overrides, pnpm: { overrides } } : {}),
  };
}

function copyTemplate(from: URL, to: string, name: string, files: string[], root: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = new URL(entry.name + (entry.isDirectory() ? '/' : ''), from);
    const target = join(to, RENAMED[entry.name] ?? entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyTemplate(source, target, name, files, root);
      continue;
    }
    writeFileSync(target, readFileSync(source, 'utf8').replaceAll('{{name}}', name));
    files.push(relative(root, target));
  }
}

/** Writes a new project into `options.directory` (which must be empty or absent) and installs it. */
export function createProject(options: CreateProjectOptions): CreatedProject {
  const log = options.log ?? (() => {});
  const directory = resolve(options.directory);
  if (existsSync(directory)) {
    if (!statSync(directory).isDirectory()) throw new CreateError(`${options.directory} exists and is not a directory`);
    const present = readdirSync(directory).filter((f) => f !== '.git');
    if (present.length) throw new CreateError(`${options.directory} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); choose a new directory`);
  }
  const name = projectName(directory);
  const pkg = packageJson(name, options);
  mkdirSync(directory, { recursive: true });
  const files: string[] = [];
  copyTemplate(TEMPLATE_DIR, directory, name, files, directory);
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  files.push('package.json');
  log(`Wrote ${name} to ${directory}`);
  if (options.install) {
    log(`Installing with ${options.packageManager} install …`);
    const r = spawnSync(options.packageManager, ['install'], { cwd: directory, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status}`;
      throw new CreateError(`${options.packageManager} install failed in ${directory} (${why}); the files are written: fix the cause and run it there again`);
    }
  }
  return { directory, name, files: files.sort() };
}

/** What to type next, for the line printed after a project is created. */
export function nextSteps(project: CreatedProject, options: Pick<CreateProjectOptions, 'directory' | 'install' | 'packageManager'>): string {
  const run = (script: string) => (options.packageManager === 'npm' ? `npm run ${script}` : `${options.packageManager} run ${script}`);
  return [
    '',
    'Next:',
    `  cd ${options.directory}`,
    ...(options.install ? [] : [`  ${options.packageManager} install`]),
    `  ${options.packageManager} test                  # build and run the workflow's test (time-skipping test server)`,
    `  ${run('server')}            # terminal 1: the dev server on localhost:7233`,
    `  ${run('build')} && ${run('start.worker')}   # terminal 2: the worker`,
    `  ${run('start.client')}      # terminal 3: start a workflow and print its result`,
    '',
  ].join('\n');
}
