#!/usr/bin/env node
// `npm create durable <dir>` runs this package; the work is @durable/create's.
import { runCreate } from '@durable/create';

process.exitCode = runCreate(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }, 'npm create durable');
