// `npm run setup`: installs everything the project needs on a machine that has only Node >= 20,
// then compiles the workspace.
import { pnpm } from './run-pnpm.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.error(`Durable needs Node >= 20; this is ${process.version}.`);
  process.exit(1);
}
const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
for (const args of [['install', ...frozen], ['run', 'build']]) {
  const status = pnpm(args);
  if (status !== 0) {
    console.error(`setup: pnpm ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}
