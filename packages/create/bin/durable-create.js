#!/usr/bin/env node
import { runCreate } from '../dist/index.js';

process.exitCode = runCreate(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }, 'npx @durable/create');
