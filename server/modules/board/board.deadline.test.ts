import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let wc: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  // Some items without a deadline, so the order's second part (undated, by id) is exercised too.
  const ids = await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.wangcang).orderBy('id').limit(3).execute();
  await env.db
    .updateTable('items')
    .set({ deadline: null, ongoing: 1 })
    .where(
      'id',
      'in',
      ids.map((r) => r.id),
    )
    .execute();
});
afterAll(() => env?.close());

type Row = { id: number; deadline: string | null; category: string };

async function pages(a: Agent, query: string, limit: number) {
  const out: Row[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 200; n++) {
    const r = await a.req('GET', `/api/v1/board/items?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    out.push(...r.body.data);
    cursor = r.body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('the cursor never ended');
}

const byDeadline = (a: Row, b: Row) => {
  if (a.deadline === b.deadline) return a.id - b.id;
  if (a.deadline === null) return 1;
  if (b.deadline === null) return -1;
  return a.deadline < b.deadline ? -1 : 1;
};

describe(`board items sorted by deadline (${dialect})`, () => {
  it('pages the whole scope nearest deadline first, undated last, each item once, the same set as the id order', async () => {
    for (const limit of [1, 4, 25]) {
      const sorted = await pages(city, 'sort=deadline', limit);
      expect(sorted).toEqual([...sorted].sort(byDeadline));
      const byId = await pages(city, 'sort=id', 50);
      expect(sorted.map((r) => r.id).sort((a, b) => a - b)).toEqual(byId.map((r) => r.id));
      expect(sorted.some((r) => r.deadline === null)).toBe(true);
    }
  });

  it('filters by category across consultations and keeps to the caller’s scope', async () => {
    const mine = await pages(city, 'sort=deadline&category=joint_promotion', 3);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.category === 'joint_promotion')).toBe(true);
    expect(mine).toEqual([...mine].sort(byDeadline));
    const county = await pages(wc, 'sort=deadline&category=joint_promotion', 3);
    const inScope = new Set(
      (await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.wangcang).where('deleted_at', 'is', null).execute()).map((r) => r.id),
    );
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((r) => inScope.has(r.id))).toBe(true);
  });

  it('refuses a cursor of the other order or a made-up one with 400', async () => {
    const first = await city.req('GET', '/api/v1/board/items?limit=2');
    expect(first.body.nextCursor).toBeTruthy();
    const mixed = await city.req('GET', `/api/v1/board/items?sort=deadline&limit=2&cursor=${first.body.nextCursor}`);
    expect(mixed.status).toBe(400);
    const junk = await city.req('GET', '/api/v1/board/items?sort=deadline&cursor=nonsense');
    expect(junk.status).toBe(400);
    expect((await city.req('GET', '/api/v1/board/items?sort=title')).status).toBe(400);
  });
});
