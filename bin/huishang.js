#!/usr/bin/env node
// The `huishang` command: runs the TypeScript CLI through tsx.
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { run } = await import(path.join(import.meta.dirname, '../server/cli/main.ts'));
process.exitCode = await run(process.argv.slice(2));
