import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// The server suite runs once per database dialect (kysely's own habit); unit tests run once.
const serverTests = ['server/**/*.test.ts'];
// Documents converted by LibreOffice: seconds of office start-up each, and what they check is the
// generated file, not the database, so they run once, in a project of their own, beside the others.
const renderTests = ['server/**/*.render.test.ts'];
// Real app processes behind Debian's nginx on PostgreSQL: a project of its own, run by scripts/test.mjs
// only where nginx is installed.
const deployTests = ['server/deploy/**/*.test.ts'];
// Test files mostly wait on the database, child servers and sockets: one worker per core (vitest's
// default leaves one core idle, a single worker on a two-core machine). Set for the whole run:
// projects run together only when their worker counts agree.
const workers = Math.max(2, os.availableParallelism());

const server = (name: string, dialect: 'sqlite' | 'postgres', include: string[], exclude: string[] = []) => ({
  test: {
    name,
    include,
    exclude: [...configDefaults.exclude, ...exclude],
    env: { HS_TEST_DIALECT: dialect },
    // Builds the demo database once; every test env starts from a copy.
    globalSetup: ['server/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files of a worker share one module graph: importing the whole app again for every file cost
    // more than its tests. Each file still builds its own app and database; server modules keep no
    // state between apps beyond caches of pure values.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    maxWorkers: workers,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'web/**/*.test.ts'],
          // A few read every source file (the i18n tables); beside the server suites that takes seconds.
          testTimeout: 20_000,
        },
      },
      server('sqlite', 'sqlite', serverTests, [...renderTests, ...deployTests]),
      server('postgres', 'postgres', serverTests, [...renderTests, ...deployTests]),
      server('docs-render', 'sqlite', renderTests),
      {
        test: {
          name: 'deploy',
          include: deployTests,
          env: { HS_TEST_DIALECT: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 150_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // A page that renders in 1 s alone can take several beside the server suites: polls wait
          // up to 15 s (vitest's default is 1 s), which costs nothing when the page is quick.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: true,
        },
      },
    ],
  },
});
