import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let wangcang: number;
let newest: number;
let older: number;

async function report(itemId: number, period: string, submittedAt: string, status: string, percent: number) {
  const row = await env.db
    .insertInto('progress_reports')
    .values({
      item_id: itemId,
      period,
      status,
      round: 1,
      progress_html: '<p>按计划推进</p>',
      percent,
      problems: '',
      next_steps: '',
      author_id: env.users['wangcang.nyj'],
      author_org_id: env.orgs['wangcang.nyj'],
      submitted_at: submittedAt,
      first_submitted_at: submittedAt,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: 1,
      created_at: submittedAt,
      updated_at: submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  city = await env.login('city.coord');
  const [a, b] = await env.db.selectFrom('items').select('id').where('consultation_id', '=', wangcang).where('deleted_at', 'is', null).orderBy('id').limit(2).execute();
  // Later than anything the demo holds, so these two lead the list.
  newest = await report(a.id, '2030Q1', '2030-04-05T02:00:00.000Z', 'submitted', 55);
  older = await report(b.id, '2030Q1', '2030-04-02T02:00:00.000Z', 'accepted', 80);
});
afterAll(() => env?.close());

const url = (id = wangcang, q = '') => `/api/v1/consultations/${id}/recent-reports${q}`;

describe(`board: a consultation's latest reports (${dialect})`, () => {
  it('lists the reports newest first, with the item, its category and lead unit, and the reporting unit', async () => {
    const r = await city.req('GET', url(wangcang, '?limit=5'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.slice(0, 2).map((x: { id: number }) => x.id)).toEqual([newest, older]);
    expect(r.body.data[0]).toMatchObject({
      period: '2030Q1',
      status: 'submitted',
      percent: 55,
      submittedAt: '2030-04-05T02:00:00.000Z',
      itemTitle: expect.any(String),
      category: expect.stringMatching(/^(direct_support|joint_promotion|joint_pursuit)$/),
      authorOrg: { id: env.orgs['wangcang.nyj'], name: '旺苍县农业农村局' },
    });
    const times = r.body.data.map((x: { submittedAt: string }) => x.submittedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages by cursor through every report of the consultation and no other', async () => {
    const total = await env.db
      .selectFrom('progress_reports as r')
      .innerJoin('items as i', 'i.id', 'r.item_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.consultation_id', '=', wangcang)
      .where('i.deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { data: { id: number }[]; nextCursor: string | null } } = await city.req(
        'GET',
        url(wangcang, `?limit=7${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((x) => x.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(Number(total.n));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await city.req('GET', url(env.consultations.cangxi))).body.data.map((x: { id: number }) => x.id)).not.toContain(newest);
  });

  it('answers the consultation’s readers only; another county gets the same 404 as for a missing one', async () => {
    for (const username of ['city.leader', 'wangcang.coord', 'wangcang.nyj']) {
      expect((await (await env.login(username)).req('GET', url())).status, username).toBe(200);
    }
    const cx = await env.login('cangxi.coord');
    const foreign = await cx.req('GET', url());
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual((await cx.req('GET', url(99999))).body);
    expect((await (await env.login('sysadmin')).req('GET', url())).status).toBe(403);
    expect((await env.anon('GET', url())).status).toBe(401);
  });
});
