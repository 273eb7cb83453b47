import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { boot } from '../boot.js';
import { loadConfig } from '../config.js';
import os from 'node:os';
import { DEFAULT_PG_POOL_MAX } from './db.js';
import { defaultPoolMax } from './pg-pool-size.js';
import { createDemoDatabase, dialect, TEST_HASH_ENV } from '../testing/support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe(`the PostgreSQL pool size (${dialect})`, () => {
  it('is a setting, PG_POOL_MAX, twice the cores plus one (at least four, at most twenty) unless set, a whole number of at least one', () => {
    expect(loadConfig({}).PG_POOL_MAX).toBe(DEFAULT_PG_POOL_MAX);
    expect(DEFAULT_PG_POOL_MAX).toBe(defaultPoolMax(os.availableParallelism()));
    expect([1, 2, 8, 9, 10, 64].map((cores) => defaultPoolMax(cores))).toEqual([4, 5, 17, 19, 20, 20]);
    expect(loadConfig({ PG_POOL_MAX: '4' }).PG_POOL_MAX).toBe(4);
    for (const bad of ['0', '-1', '2.5', 'many']) expect(() => loadConfig({ PG_POOL_MAX: bad }), bad).toThrow(/PG_POOL_MAX/);
  });

  // Each connection is a PostgreSQL backend of its own: more queries at once than the setting allows
  // share that many backends, the rest waiting for a free one.
  it.runIf(dialect === 'postgres')('bounds the connections the server opens', async () => {
    const demo = await createDemoDatabase();
    const { handle } = await boot({ DATABASE_URL: demo.url, HUISHANG_DEMO: 'off', LOG_LEVEL: 'silent', ...TEST_HASH_ENV, PG_POOL_MAX: '3' });
    cleanups.push(async () => {
      await handle.close();
      await demo.drop();
    });
    const backends = await Promise.all(
      Array.from({ length: 8 }, async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid from pg_sleep(0.2)`.execute(handle.db)).rows[0]!.pid),
    );
    expect(new Set(backends).size).toBe(3);
  });
});
