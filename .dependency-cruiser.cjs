// Import rules, checked by `npm run lint`: no import cycles anywhere, packages depend only in the directions
// DESIGN.md draws, and the server's layers import only the layers below them. Tests and fixtures are left out of
// the graph (a test may import whatever it exercises).

const server = 'packages/server/src/';

// The server's layers, lowest first (DESIGN.md, "Layers of the server").
const layers = [
  ['model', `^${server}model/`],
  ['persistence', `^${server}persistence/`],
  ['infrastructure', `^${server}infra/`],
  ['ports', `^${server}ports/`],
  ['run state machine', `^${server}run/`],
  ['transitions', `^${server}transitions/`],
  ['scheduler', `^${server}schedules/`],
  ['batch operations', `^${server}batch/`],
  ['runtime', `^${server}runtime/`],
  ['composition root', `^${server}compose\\.ts$`],
  ['transports', `^${server}(grpc|http)/`],
  // DevServer: starts the transports over the composed runtime, and the package's exports.
  ['entry', `^${server}(dev-server|index)\\.ts$`],
];

const layerRules = layers.slice(0, -1).map(([name, path], i) => ({
  name: `server-layer-${name.replace(/ /g, '-')}`,
  comment: `the ${name} layer of the server imports only the layers below it`,
  severity: 'error',
  from: { path },
  to: { path: layers.slice(i + 1).map(([, p]) => p) },
}));

// Which of our packages each package may import (DESIGN.md, "Dependency direction"). Examples, tests and the
// command line sit on top and may import any.
const packageDeps = {
  proto: [],
  common: ['proto'],
  client: ['proto', 'common', 'envconfig'],
  envconfig: [],
  // Context.client, as the official @temporalio/activity has it (a type import).
  activity: ['proto', 'common', 'client'],
  workflow: ['proto', 'common'],
  worker: ['proto', 'common', 'client', 'activity', 'workflow'],
  server: ['proto', 'common', 'ui'],
  ui: [],
  testing: ['proto', 'common', 'client', 'activity', 'server', 'worker', 'workflow'],
  create: [],
};

// Imports of types only (erased at build): @durable/activity names the worker's Client in Context.client, as
// @temporalio/activity does, without loading @durable/client.
const typeOnlyDeps = {
  activity: ['client'],
};

const packageRules = Object.entries(packageDeps).flatMap(([pkg, allowed]) => {
  const types = typeOnlyDeps[pkg] ?? [];
  return [
    {
      name: `package-${pkg}`,
      comment: `@durable/${pkg} imports only ${allowed.length ? allowed.map((p) => `@durable/${p}`).join(', ') : 'none of our packages'}`,
      severity: 'error',
      from: { path: `^packages/${pkg}/` },
      to: { path: '^packages/([^/]+)/', pathNot: [`^packages/(${[pkg, ...allowed, ...types].join('|')})/`] },
    },
    ...types.map((dep) => ({
      name: `package-${pkg}-${dep}-types-only`,
      comment: `@durable/${pkg} imports only types of @durable/${dep}`,
      severity: 'error',
      from: { path: `^packages/${pkg}/` },
      to: { path: `^packages/${dep}/`, dependencyTypesNot: ['type-only'] },
    })),
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: whoever reads one of these files cannot tell what may call what',
      severity: 'error',
      // Type-only imports count too: a cycle through `import type` ties its modules together for a reader just as
      // much, and every cycle issue 15 named ran through one.
      from: {},
      to: { circular: true },
    },
    ...packageRules,
    ...layerRules,
    {
      name: 'server-file-outside-layers',
      comment: 'every source file of the server that imports something belongs to one of its layers',
      severity: 'error',
      from: { path: `^${server}`, pathNot: layers.map(([, p]) => p) },
      to: {},
    },
  ],
  options: {
    // Another package is reached through its built types (dist/): an edge to it counts, its insides are not walked.
    doNotFollow: { path: '(node_modules|/dist/)' },
    // The template of `durable init` is a user's project, not part of this workspace's graph.
    exclude: { path: '(\\.test\\.ts$|/fixtures/|^packages/create/template/)' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
  },
};
