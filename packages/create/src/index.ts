/**
 * @durable/create: starts a new Durable project. `npx @durable/create my-app` (or `durable init my-app`) writes a
 * TypeScript workflow, activities, a worker, a client and a test on the time-skipping environment, then installs
 * the packages.
 *
 * @example
 * ```ts
 * import { createProject } from '@durable/create';
 * createProject({ directory: 'my-app', install: true, packageManager: 'npm' });
 * ```
 */
export { createProject, findTarballs, nextSteps, projectName, CreateError } from './create.js';
export type { CreateProjectOptions, CreatedProject } from './create.js';
export { parseCreateArgs, packageManagerFromAgent, CreateUsageError, USAGE, PACKAGE_MANAGERS } from './args.js';
export type { CreateArgs, PackageManager } from './args.js';
export { runCreate } from './main.js';
export type { CreateIo } from './main.js';
