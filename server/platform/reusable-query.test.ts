import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';
import { reusableQuery } from './reusable-query.js';
import { CATEGORIES, type Category, type ItemStatus } from '../../domain/items.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const itemsOf = reusableQuery((db, p: { consultationId: number; status?: ItemStatus; ids?: number[] }) => {
  let q = db.selectFrom('items').select(['id', 'status']).where('consultation_id', '=', p.consultationId).where('deleted_at', 'is', null);
  if (p.status !== undefined) q = q.where('status', '=', p.status);
  if (p.ids !== undefined) q = q.where('id', 'in', p.ids);
  return q.orderBy('id');
});

async function expected(consultationId: number, status?: ItemStatus, ids?: number[]) {
  let q = env.db.selectFrom('items').select(['id', 'status']).where('consultation_id', '=', consultationId).where('deleted_at', 'is', null);
  if (status !== undefined) q = q.where('status', '=', status);
  if (ids !== undefined) q = q.where('id', 'in', ids);
  return q.orderBy('id').execute();
}

describe(`reusable queries (${dialect})`, () => {
  it('answers exactly as the query built afresh, for new values of a shape already built', async () => {
    const w = env.consultations.wangcang;
    const c = env.consultations.cangxi;
    for (const [id, status] of [
      [w, undefined],
      [c, undefined],
      [w, 'in_progress'],
      [w, 'completed'],
      [c, 'in_progress'],
    ] as const) {
      expect(await itemsOf.run(env.db, { consultationId: id, status })).toEqual(await expected(id, status));
    }
    expect((await expected(w, 'in_progress')).length).toBeGreaterThan(0);
    const all = await expected(w);
    const first = all.slice(0, 3).map((r) => r.id);
    const next = all.slice(3, 6).map((r) => r.id);
    expect(await itemsOf.run(env.db, { consultationId: w, ids: first })).toEqual(await expected(w, undefined, first));
    expect(await itemsOf.run(env.db, { consultationId: w, ids: next })).toEqual(await expected(w, undefined, next));
    const five = all.slice(0, 5).map((r) => r.id);
    expect(await itemsOf.run(env.db, { consultationId: w, ids: five })).toEqual(await expected(w, undefined, five));
    // Past a page's length a list is built the ordinary way, and still answers the same.
    const long = [...Array.from({ length: 300 }, (_, i) => 1_000_000 + i), ...first];
    expect(await itemsOf.run(env.db, { consultationId: w, ids: long })).toEqual(await expected(w, undefined, first));
  });

  it('runs inside a transaction like any other query', async () => {
    const w = env.consultations.wangcang;
    const rows = await env.db.transaction().execute((tx) => itemsOf.run(tx, { consultationId: w }));
    expect(rows).toEqual(await expected(w));
  });

  it.runIf(dialect === 'postgres')('is parsed once per PostgreSQL connection, as a named statement its later runs reuse', async () => {
    const w = env.consultations.wangcang;
    // One connection throughout: prepared statements belong to the session that made them.
    await env.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 3; i++) expect(await itemsOf.run(tx, { consultationId: w, ids: [1, 2, 3, 4, 5, 6, 7] })).toEqual(await expected(w, undefined, [1, 2, 3, 4, 5, 6, 7]));
      const { rows } = await sql<{ name: string; runs: number }>`
        select name, generic_plans + custom_plans as runs from pg_prepared_statements
        where not from_sql and statement like '%"id" in ($2, $3, $4, $5, $6, $7, $8)%'`.execute(tx);
      expect(rows).toHaveLength(1);
      expect(rows[0].name).toMatch(/^hs_\d+$/);
      expect(Number(rows[0].runs)).toBeGreaterThanOrEqual(3);
    });
  });

  it('refuses a build that changes a parameter or uses it up in JavaScript, rather than freezing it', async () => {
    const concatenated = reusableQuery((db, p: { title: string }) => db.selectFrom('items').select('id').where('title', 'like', `${p.title}%`));
    await expect(concatenated.run(env.db, { title: '推动' })).rejects.toThrow(/altered/);
    const consumed = reusableQuery((db, p: { limit: number }) => db.selectFrom('items').select('id').limit(Math.min(p.limit, 10)));
    await expect(consumed.run(env.db, { limit: 5 })).rejects.toThrow(/did not reach the query/);
  });

  it('keeps shapes apart by the context key', async () => {
    const byCategory = reusableQuery((db, p: { consultationId: number }, category: Category) =>
      db.selectFrom('items').select('id').where('consultation_id', '=', p.consultationId).where('category', '=', category).where('deleted_at', 'is', null).orderBy('id'),
    );
    const w = env.consultations.wangcang;
    for (const category of CATEGORIES) {
      const want = await env.db
        .selectFrom('items')
        .select('id')
        .where('consultation_id', '=', w)
        .where('category', '=', category)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute();
      expect(want.length).toBeGreaterThan(0);
      expect(await byCategory.run(env.db, { consultationId: w }, category, category)).toEqual(want);
    }
  });
});
