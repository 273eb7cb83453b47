// `npm run test:e2e`: builds the web app, then runs the browser journeys (the e2e vitest project)
// against it with Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Extra arguments go
// to vitest, e.g. `npm run test:e2e -- e2e/ledger.e2e.ts`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  process.stderr.write(`Chromium is not installed at ${chromium} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH).\n`);
  process.exit(1);
}
const run = (args, env = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const built = run([path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { NODE_ENV: 'production' });
if (built !== 0) process.exit(built);
process.exit(run([path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e', ...process.argv.slice(2)], { CHROMIUM_PATH: chromium }));
