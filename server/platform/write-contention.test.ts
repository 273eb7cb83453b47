import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';
import { installErrorHandler } from './error-handler.js';

// Two writers that take the same rows in opposite orders deadlock; PostgreSQL detects it and rolls one
// back. That one's user must get a refusal that says to send it again, not a server fault.

describe.runIf(dialect === 'postgres')('a transaction PostgreSQL rolls back to break a deadlock', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env?.close());

  it('is answered 409 WRITE_CONTENDED, and nothing of it is written', async () => {
    await sql`create table contention_probe (id int primary key, n int not null)`.execute(env.db);
    await sql`insert into contention_probe values (1, 0), (2, 0)`.execute(env.db);
    const app = Fastify();
    installErrorHandler(app);
    app.post('/both', async () => {
      let firstLocked!: () => void;
      const bothLocked = new Promise<void>((resolve) => {
        let n = 0;
        firstLocked = () => ++n === 2 && resolve();
      });
      // Each takes its own row, waits until the other has too, then reaches for the other's.
      const writer = (own: number, other: number) =>
        env.db.transaction().execute(async (tx) => {
          await sql`update contention_probe set n = n + 1 where id = ${own}`.execute(tx);
          firstLocked();
          await bothLocked;
          await sql`update contention_probe set n = n + 1 where id = ${other}`.execute(tx);
        });
      const settled = await Promise.allSettled([writer(1, 2), writer(2, 1)]);
      const refused = settled.find((s) => s.status === 'rejected');
      if (refused) throw refused.reason;
      return { ok: true };
    });
    try {
      const r = await app.inject({ method: 'POST', url: '/both' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('WRITE_CONTENDED');
      expect(r.json().error.message).toContain('请重试');
    } finally {
      await app.close();
    }
    // The survivor committed both of its updates; the victim's first one was undone with it.
    const rows = await sql<{ n: number }>`select n from contention_probe order by id`.execute(env.db);
    expect(rows.rows.map((r) => r.n)).toEqual([1, 1]);
  }, 20_000);
});
