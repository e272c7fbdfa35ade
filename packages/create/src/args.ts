import { parseArgs } from 'node:util';

export const USAGE = `Usage: durable init <directory> [--from <dir-of-tarballs>] [--no-install] [--package-manager npm|pnpm|yarn|bun]
       npx @durable/create <directory> [the same flags]

Writes a new TypeScript project with a workflow, activities, a worker, a client and a test, then installs it.

  --from DIR            install the @durable packages from the .tgz files in DIR (made by the repository's
                        \`npm run pack\`) instead of the registry
  --no-install          write the files only
  --package-manager PM  install with PM (default: the one that ran this command, else npm)
  -h, --help            print this help
`;

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export interface CreateArgs {
  directory: string;
  from?: string;
  install: boolean;
  packageManager: PackageManager;
}

export class CreateUsageError extends Error {
  override name = 'CreateUsageError';
}

/** The package manager that runs us, from the user agent npm, pnpm, yarn and bun set for scripts and `create`. */
export function packageManagerFromAgent(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split('/')[0];
  return (PACKAGE_MANAGERS as readonly string[]).includes(name ?? '') ? (name as PackageManager) : 'npm';
}

/** Parses the command line; `undefined` means help was asked for. */
export function parseCreateArgs(argv: readonly string[], env: Record<string, string | undefined>): CreateArgs | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: 'string' },
        'no-install': { type: 'boolean' },
        'package-manager': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CreateUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length === 0) throw new CreateUsageError('missing the directory to create the project in (e.g. my-app)');
  if (positionals.length > 1) throw new CreateUsageError(`expected one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const pm = values['package-manager'];
  if (pm !== undefined && !(PACKAGE_MANAGERS as readonly string[]).includes(pm)) {
    throw new CreateUsageError(`--package-manager expects one of ${PACKAGE_MANAGERS.join(', ')}, got ${JSON.stringify(pm)}`);
  }
  if (values.from === '') throw new CreateUsageError('--from expects a directory of .tgz files');
  return {
    directory: positionals[0]!,
    from: values.from,
    install: !values['no-install'],
    packageManager: (pm as PackageManager | undefined) ?? packageManagerFromAgent(env.npm_config_user_agent),
  };
}
