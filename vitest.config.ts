import { defineConfig } from 'vitest/config';

// The server suite runs once per database dialect (kysely's own habit); unit tests run once.
const serverTests = ['server/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'web/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'sqlite',
          include: serverTests,
          env: { HS_TEST_DIALECT: 'sqlite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: serverTests,
          env: { HS_TEST_DIALECT: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
