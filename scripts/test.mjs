// `npm test`: type-check (the build), lint, then every test suite.
import { pnpm } from './run-pnpm.mjs';

const steps = [
  ['run', 'build'],
  ['run', 'lint'],
  ['-r', '--workspace-concurrency=1', 'run', 'test'],
];
for (const args of steps) {
  const status = pnpm(args);
  if (status !== 0) process.exit(status);
}
