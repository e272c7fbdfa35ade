// Writes dist/workflow-runtime.js, the workflow runtime every sandbox shares (see src/shared-library.ts).
// Run by the workspace build after tsc.
import { writeFileSync } from 'node:fs';
import { buildSharedLibrary, SHARED_LIBRARY_FILE } from '../dist/shared-library.js';

writeFileSync(new URL(`../dist/${SHARED_LIBRARY_FILE}`, import.meta.url), await buildSharedLibrary());
