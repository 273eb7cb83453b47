import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { portOf, writesTo } from '../../testing/socket-writes.js';

let env: TestEnv;
let wc: Agent;
let cx: Agent;
let admin: Agent;
let itemId: number;

beforeAll(async () => {
  env = await createTestEnv();
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  // The 旺苍 item with the most reports in the demo data: a history of several periods.
  const row = await env.db
    .selectFrom('progress_reports as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .select(['r.item_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('i.consultation_id', '=', env.consultations.wangcang)
    .groupBy('r.item_id')
    .orderBy('n', 'desc')
    .orderBy('r.item_id')
    .executeTakeFirstOrThrow();
  itemId = row.item_id;
});
afterAll(() => env?.close());

describe(`GET /items/:id?include=reports (${dialect})`, () => {
  it('answers the item and the same reports the report list gives, newest period first, in one request', async () => {
    const one = await wc.req('GET', `/api/v1/items/${itemId}?include=reports`);
    expect(one.status).toBe(200);
    const plain = await wc.req('GET', `/api/v1/items/${itemId}`);
    const { reports, ...item } = one.body;
    expect(item).toEqual(plain.body);
    expect(one.headers.etag).toBe(`"${plain.body.version}"`);
    const list = await wc.req('GET', `/api/v1/items/${itemId}/reports`);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports).toEqual(list.body.data);
    const periods = reports.map((r: { period: string }) => r.period);
    expect(periods).toEqual([...periods].sort().reverse());
  });

  it('puts every round, contribution and file under its own report, in order', async () => {
    const ids = (await env.db.selectFrom('progress_reports').select('id').where('item_id', '=', itemId).orderBy('period', 'desc').execute()).map((r) => r.id);
    const [newer, older] = ids;
    // The item's history made known: only the rows written here.
    await env.db.deleteFrom('progress_report_rounds').where('report_id', 'in', ids).execute();
    await env.db.deleteFrom('report_contributions').where('report_id', 'in', ids).execute();
    await env.db.deleteFrom('attachments').where('owner_type', '=', 'report').where('owner_id', 'in', ids).execute();
    const at = '2026-11-20T08:00:00.000Z';
    const round = (reportId: number, n: number, decision: string | null) => ({
      report_id: reportId,
      round: n,
      snapshot_json: JSON.stringify({ progressHtml: `<p>第${n}轮</p>`, percent: 10 * n, problems: '', nextSteps: '' }),
      submitted_by: env.users['wangcang.coord']!,
      submitted_at: at,
      decision,
      decision_note: decision ? `意见${reportId}-${n}` : null,
      decided_by: decision ? env.users['city.coord']! : null,
      decided_at: decision ? at : null,
    });
    // Written out of order: the page orders a report's rounds, not the table.
    await env.db
      .insertInto('progress_report_rounds')
      .values([round(older!, 2, null), round(newer!, 1, 'accepted'), round(older!, 1, 'returned')])
      .execute();
    const contribution = (reportId: number, org: string, text: string) => ({
      report_id: reportId,
      org_id: env.orgs[org]!,
      author_id: env.users['wangcang.coord']!,
      text,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    await env.db
      .insertInto('report_contributions')
      .values([contribution(newer!, 'wangcang.kx', '新一期配合'), contribution(older!, 'wangcang.zzb', '上一期配合')])
      .execute();
    const file = (ownerType: string, ownerId: number, filename: string) => ({
      owner_type: ownerType,
      owner_id: ownerId,
      filename,
      mime: 'application/pdf',
      size: 1024,
      sm3: '0'.repeat(64),
      storage_key: `test/${filename}`,
      uploaded_by: env.users['wangcang.coord']!,
      created_at: at,
    });
    // A comment's file whose owner id happens to be the report's: not the report's evidence.
    await env.db
      .insertInto('attachments')
      .values([file('report', older!, '佐证一.pdf'), file('report', older!, '佐证二.pdf'), file('comment', newer!, '评论附件.pdf')])
      .execute();

    const page = await wc.req('GET', `/api/v1/items/${itemId}?include=reports`);
    expect(page.status).toBe(200);
    const of = (id: number) => page.body.reports.find((r: { id: number }) => r.id === id);
    expect(of(newer!).rounds.map((r: { round: number; decision: string | null; decisionNote: string | null }) => [r.round, r.decision, r.decisionNote])).toEqual([
      [1, 'accepted', `意见${newer}-1`],
    ]);
    expect(of(older!).rounds.map((r: { round: number; percent: number; decision: string | null }) => [r.round, r.percent, r.decision])).toEqual([
      [1, 10, 'returned'],
      [2, 20, null],
    ]);
    expect(of(newer!).contributions.map((c: { text: string }) => c.text)).toEqual(['新一期配合']);
    expect(of(older!).contributions.map((c: { text: string }) => c.text)).toEqual(['上一期配合']);
    expect(of(newer!).evidence).toEqual([]);
    expect(of(older!).evidence.map((e: { filename: string; size: number }) => [e.filename, e.size])).toEqual([
      ['佐证一.pdf', 1024],
      ['佐证二.pdf', 1024],
    ]);
    for (const r of page.body.reports.filter((x: { id: number }) => x.id !== newer && x.id !== older)) {
      expect(r.rounds).toEqual([]);
      expect(r.contributions).toEqual([]);
      expect(r.evidence).toEqual([]);
    }
    expect((await wc.req('GET', `/api/v1/items/${itemId}/reports`)).body.data).toEqual(page.body.reports);
  });

  it('leaves the reports out unless asked, and refuses an unknown include', async () => {
    expect((await wc.req('GET', `/api/v1/items/${itemId}`)).body).not.toHaveProperty('reports');
    const bad = await wc.req('GET', `/api/v1/items/${itemId}?include=comments`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives an item without reports an empty history', async () => {
    const items = (await cx.req('GET', `/api/v1/consultations/${env.consultations.cangxi}/items?limit=1`)).body.data;
    const r = await cx.req('GET', `/api/v1/items/${items[0].id}?include=reports`);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.reports)).toBe(true);
    const direct = await cx.req('GET', `/api/v1/items/${items[0].id}/reports`);
    expect(r.body.reports).toEqual(direct.body.data);
  });

  it('shows another county, an administrator or a missing item no reports: 404 as for the item alone', async () => {
    for (const agent of [cx, admin]) {
      const r = await agent.req('GET', `/api/v1/items/${itemId}?include=reports`);
      expect([403, 404]).toContain(r.status);
      expect(r.body).not.toHaveProperty('reports');
      expect((await agent.req('GET', `/api/v1/items/${itemId}`)).status).toBe(r.status);
    }
    expect((await wc.req('GET', '/api/v1/items/99999999?include=reports')).status).toBe(404);
  });
});

describe(`item pages asked for together (${dialect})`, () => {
  const page = (a: Agent, id: number, reports: boolean) => a.req('GET', `/api/v1/items/${id}${reports ? '?include=reports' : ''}`);

  it('answers each as if it were asked alone, each caller within their own scope', async () => {
    const ids = async (consultationId: number) =>
      (await env.db.selectFrom('items').select('id').where('consultation_id', '=', consultationId).where('deleted_at', 'is', null).orderBy('id').limit(3).execute()).map(
        (r) => r.id,
      );
    const wangcang = [itemId, ...(await ids(env.consultations.wangcang))];
    const cangxi = await ids(env.consultations.cangxi);
    // The same item twice, both callers, with and without reports, in and out of each caller's scope.
    const asks = [...wangcang, itemId, ...cangxi].flatMap((id) => [wc, cx].flatMap((a) => [true, false].map((reports) => ({ a, id, reports }))));
    const alone = [];
    for (const q of asks) alone.push(await page(q.a, q.id, q.reports));
    const together = await Promise.all(asks.map((q) => page(q.a, q.id, q.reports)));
    expect(together.map((r) => r.status)).toEqual(alone.map((r) => r.status));
    expect(together.map((r) => r.body)).toEqual(alone.map((r) => r.body));
    // Each county sees its own items only.
    expect(asks.filter((q, i) => together[i]!.status === 200).every((q) => (q.a === wc ? wangcang : cangxi).includes(q.id))).toBe(true);
    expect(together.filter((r) => r.status === 404)).toHaveLength(asks.length / 2);
  });

  it.skipIf(dialect !== 'postgres')('reads the pages that waited while the first reader was held up in one statement', async () => {
    // Items without links: a linked item's page asks for its parent's or children's consultations apart.
    const ids = (
      await env.db
        .selectFrom('items as i')
        .select('i.id')
        .where('i.consultation_id', '=', env.consultations.wangcang)
        .where('i.parent_item_id', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('items as ch').select('ch.id').whereRef('ch.parent_item_id', '=', 'i.id'))))
        .orderBy('i.id')
        .limit(12)
        .execute()
    ).map((r) => r.id);
    expect(ids).toHaveLength(12);
    const expected = await Promise.all(ids.map((id) => page(wc, id, true)));
    // Another session locks the items: the first reader waits, and the pages asked for meanwhile queue behind it.
    const holder = new pg.Client({ connectionString: env.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table items in access exclusive mode');
      let answered: Awaited<ReturnType<typeof page>>[] = [];
      // A write that binds one of these ids as a parameter (its length, then its digits): a page statement.
      const bound = ids.map((id) => Buffer.concat([Buffer.from([0, 0, 0, String(id).length]), Buffer.from(String(id))]));
      const writes = await writesTo(
        portOf(env.databaseUrl),
        async () => {
          const asked = Promise.all(ids.map((id) => page(wc, id, true)));
          const waiting = async () =>
            Number((await holder.query("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")).rows[0].n);
          for (let i = 0; i < 100 && (await waiting()) < 1; i++) await new Promise((r) => setTimeout(r, 20));
          await new Promise((r) => setTimeout(r, 300));
          await holder.query('commit');
          answered = await asked;
        },
        (chunk) => bound.some((b) => chunk.includes(b)),
      );
      expect(answered.map((r) => r.body)).toEqual(expected.map((r) => r.body));
      // Twelve pages in three statements at most (the first alone, those of its turn, the rest together);
      // one by one they would be twelve.
      expect(writes).toBeGreaterThan(0);
      expect(writes).toBeLessThanOrEqual(3);
    } finally {
      await holder.end();
    }
  });
});
