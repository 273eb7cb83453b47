import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';
import { insertRows } from './db-helpers.js';

// Rows inserted together (as one JSON parameter on PostgreSQL) must be stored as the same rows bound one value at a time.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const id = dialect === 'postgres' ? sql`id serial primary key` : sql`id integer primary key autoincrement`;
  await sql`create table json_rows_probe (${id}, t text not null, v varchar(5), n integer, big bigint, f double precision)`.execute(env.db);
});
afterAll(() => env?.close());

type Probe = { id: number; t: string; v: string | null; n: number | null; big: number | null; f: number | null };
const read = async (ids: number[]) =>
  (await sql<Probe>`select * from json_rows_probe where id in (${sql.join(ids)}) order by id`.execute(env.db)).rows.map((r) => ({
    ...r,
    big: r.big === null ? null : Number(r.big),
  }));

describe(`insertRows (${dialect})`, () => {
  it('stores every value as a bound parameter would, in the order given, and returns what RETURNING names', async () => {
    const texts = ['普通文本', `quotes ' " and \\ backslash`, 'literal \\ud800 text', '\ud83d\ude00 emoji', 'lone \ud800 surrogate', 'x'.repeat(10_000), ''];
    const rows = texts.map((t, i) => ({ t, v: i % 2 ? 'abc' : null, n: i === 3 ? null : i * 7, big: i === 1 ? 12_345_678_901 : null, f: i === 2 ? 12.5 : null }));
    const columns = ['t', 'v', 'n', 'big', 'f'];
    const returned = await insertRows<any, { id: number }>(env.db, 'json_rows_probe', columns, rows, sql`returning id`);
    const ids = returned.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The same rows bound one value at a time, for comparison.
    const bound: number[] = [];
    for (const r of rows) {
      const [row] = (await sql<{ id: number }>`insert into json_rows_probe (t, v, n, big, f) values (${r.t}, ${r.v}, ${r.n}, ${r.big}, ${r.f}) returning id`.execute(env.db)).rows;
      bound.push(Number(row!.id));
    }
    const together = (await read(ids)).map(({ id: _id, ...r }) => r);
    const viaParameters = (await read(bound)).map(({ id: _id, ...r }) => r);
    expect(together).toEqual(viaParameters);
    // PostgreSQL reads a lone surrogate's JSON escape as U+FFFD, as it stored the bound value.
    if (dialect === 'postgres') expect(together[4]!.t).toBe('lone \ufffd surrogate');
    expect(together[2]!.t).toBe('literal \\ud800 text');
    expect(together.map((r) => r.n)).toEqual([0, 7, 14, null, 28, 35, 42]);
  });

  it('refuses what a bound value is refused for, and takes an ON CONFLICT clause', async () => {
    await expect(insertRows<any>(env.db, 'json_rows_probe', ['t'], [{ t: null }])).rejects.toThrow();
    if (dialect === 'postgres') await expect(insertRows<any>(env.db, 'json_rows_probe', ['t', 'v'], [{ t: 'a', v: 'toolong' }])).rejects.toThrow(/too long/);
    const [first] = await insertRows<any, { id: number }>(env.db, 'json_rows_probe', ['t'], [{ t: 'before' }], sql`returning id`);
    await insertRows<any>(env.db, 'json_rows_probe', ['id', 't'], [{ id: first!.id, t: 'after' }], sql`on conflict (id) do update set t = excluded.t`);
    expect((await read([Number(first!.id)]))[0]!.t).toBe('after');
  });
});
