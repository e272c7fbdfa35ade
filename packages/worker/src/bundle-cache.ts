// The esbuild output of a workflows module, kept on disk so that a worker restarted with unchanged code skips
// esbuild: loading it and starting its service process is most of a cold start's bundling time (~60-100 ms on two
// cores), while checking the cached output against its inputs takes a few milliseconds.
//
// An entry is valid only while everything that decided the output is as it was: the content of every file esbuild
// read (the workflow modules, their source maps, package.json and tsconfig files near them) and the entries of every
// directory module resolution looked in (an added file or a swapped node_modules link changes what an import
// resolves to without changing any file that was read; it changes the directory's mtime). Anything else is a miss,
// and a miss only costs the bundling that would have happened anyway.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';

/** What esbuild produced: the user's modules as one script, and its source map. */
export interface CachedOutput {
  js: string;
  map: string;
}

interface Entry extends CachedOutput {
  /** Files whose content decided the output, with the sha256 of that content ('' for a file that was absent). */
  files: [path: string, hash: string][];
  /** Directories resolution looked in, with their mtime. */
  dirs: [path: string, mtimeMs: number][];
}

/** Files esbuild reads beside the modules themselves when it resolves imports in a directory. */
const PROBED_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

const hashOf = (content: Buffer | string) => createHash('sha256').update(content).digest('base64url');

function fileHash(path: string): string {
  try {
    return hashOf(readFileSync(path));
  } catch {
    return '';
  }
}

/** The mtime of a file or directory; -1 when it does not exist. */
function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * Where entries for the workflows at `workflowsPath` are kept: node_modules/.cache/durable-workflow-bundles of the
 * nearest directory with a node_modules folder (where build tools keep their caches), or nowhere.
 */
export function cacheDirFor(workflowsPath: string): string | undefined {
  for (let dir = dirname(workflowsPath); ; dir = dirname(dir)) {
    if (mtimeOf(join(dir, 'node_modules')) >= 0) return join(dir, 'node_modules', '.cache', 'durable-workflow-bundles');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The file of the entry for `key` (a description of every option that shapes the output) in `cacheDir`. */
export function entryPath(cacheDir: string, key: string): string {
  return join(cacheDir, `${hashOf(key)}.json`);
}

/** The cached output, if the entry exists and nothing it depends on changed. */
export function readEntry(path: string): CachedOutput | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(path, 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (!Array.isArray(entry.files) || !Array.isArray(entry.dirs) || typeof entry.js !== 'string' || typeof entry.map !== 'string') return undefined;
  for (const [dir, mtime] of entry.dirs) if (mtimeOf(dir) !== mtime) return undefined;
  for (const [file, hash] of entry.files) if (fileHash(file) !== hash) return undefined;
  return { js: entry.js, map: entry.map };
}

/**
 * Stores an output with what it depends on: `inputs` are the absolute paths of the files esbuild bundled, in a build
 * that started at `startedAtMs` (Date.now()). Nothing is stored when a file or directory changed since then: the
 * output may predate the change. Written to a temporary file and renamed, so a concurrent reader sees a whole entry
 * or none; a cache that cannot be written is no error (the next start bundles again).
 */
export function writeEntry(path: string, inputs: string[], output: CachedOutput, startedAtMs: number): void {
  try {
    // Made first: creating it may change the mtime of a directory recorded below.
    mkdirSync(dirname(path), { recursive: true });
    const files = new Map<string, string>();
    const dirs = new Set<string>();
    for (const input of inputs) {
      const content = readFileSync(input, 'utf8');
      files.set(input, hashOf(content));
      // esbuild follows an input's own source map (the map of the bundle points through it to the TypeScript).
      const map = /\/\/[#@] sourceMappingURL=(?!data:)(\S+)\s*$/.exec(content)?.[1];
      if (map) files.set(resolvePath(dirname(input), map), '');
      for (let dir = dirname(input); !dirs.has(dir); dir = dirname(dir)) {
        dirs.add(dir);
        for (const name of PROBED_FILES) files.set(join(dir, name), '');
        if (dirname(dir) === dir) break;
      }
    }
    for (const [file, hash] of files) if (hash === '') files.set(file, fileHash(file));
    // File system timestamps come from a coarse clock: a change just after the start may carry an earlier time.
    const changedSince = startedAtMs - 50;
    const dirTimes = [...dirs].map((d): [string, number] => [d, mtimeOf(d)]);
    if (dirTimes.some(([, t]) => t > changedSince) || [...files.keys()].some((f) => mtimeOf(f) > changedSince)) return;
    const entry: Entry = { ...output, files: [...files], dirs: dirTimes };
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, path);
  } catch {
    // Read-only or missing directories: the cache is an optimisation only.
  }
}
