/**
 * Every declared event type is recorded by some real action. A type added to domain/events.ts
 * without a service that records it would leave its notification silently never sent: this journey
 * drives each action through the HTTP API and fails until the new type is recorded and driven here.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventType } from '../../../domain/events.js';
import { loadConfig } from '../../config.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { dispatchPending } from './notifications.dispatch.js';

let env: TestEnv;
let city: Agent; // host coordinator
let leader: Agent; // host leader: signs notices
let wc: Agent; // 旺苍 partner coordinator
let nyj: Agent; // 旺苍县农业农村局 reporter
let cx: Agent; // 苍溪 partner coordinator

const MICANG = '推动建设米仓山茶产业技术创新联盟'; // lead 县农业农村局, red in the demo
const PIONEER = '争取国家级科技特派员创业链建设'; // lead 市科技局人才科, co-unit 县农业农村局
const PATENT = '推动技术合同认定登记';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

/** Events the dispatcher tells nobody of by design: milestones show on the item, lights only when they turn red. */
const SILENT_OR_CONDITIONAL: readonly EventType[] = ['milestone.changed', 'item.light_changed'];

beforeAll(async () => {
  env = await createTestEnv();
  // PIONEER's lead office has no reporter in the demo; someone must be there to hear of contributions.
  await env.makeUser('talent.reporter', 'bureau.talent', ['unit_reporter']);
  [city, leader, wc, nyj, cx] = await Promise.all(['city.coord', 'city.leader', 'wangcang.coord', 'wangcang.nyj', 'cangxi.coord'].map((u) => env.login(u)));
});
afterAll(() => env?.close());

async function itemId(title: string): Promise<number> {
  return (await env.db.selectFrom('items').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
}

async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/** A completion request as the web sends it: the summary and one evidence file in one multipart body. */
async function requestCompletion(a: Agent, id: number) {
  const boundary = `----hsCoverage${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="summary"\r\n\r\n项目已通过验收\r\n`, 'utf8'),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="验收报告.pdf"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await env.app.inject({
    method: 'POST',
    url: `/api/v1/items/${id}/completion`,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: a.cookie, 'x-csrf-token': a.csrf },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const report = (period: string, percent: number) => ({ period, progressHtml: '<p>完成联盟章程起草</p>', percent, problems: '', nextSteps: '召开成立大会' });

describe(`notifications: every declared event is recorded by an action (${dialect})`, () => {
  it('records each type of domain/events.ts from the API, and the dispatcher handles every one', async () => {
    const baseline =
      (
        await env.db
          .selectFrom('domain_events')
          .select((eb) => eb.fn.max('id').as('max'))
          .executeTakeFirst()
      )?.max ?? 0;
    const W = env.consultations.wangcang;
    const micang = await itemId(MICANG);

    // A supervision notice on the red item: drafted, sent back, revised, signed, answered.
    const notice = await ok(
      city.req('POST', `/api/v1/items/${micang}/supervision-notices`, { reason: '进度滞后', requirements: '请书面报告整改措施', responseDue: '2026-12-10' }),
      201,
    );
    const back = await ok(leader.req('POST', `/api/v1/supervision-notices/${notice.id}/signature`, { approve: false, note: '整改要求要具体到时间节点' }));
    await ok(city.req('PATCH', `/api/v1/supervision-notices/${notice.id}`, { requirements: '12月5日前报送整改方案', version: back.version }));
    await ok(leader.req('POST', `/api/v1/supervision-notices/${notice.id}/signature`, { approve: true }));
    await ok(nyj.req('POST', `/api/v1/supervision-notices/${notice.id}/response`, { text: '已制定整改方案' }));

    // A progress report: submitted (which also relights the item), returned, revised, accepted.
    const rep = await ok(nyj.req('POST', `/api/v1/items/${micang}/reports`, report('2026Q3', 45)), 201);
    const returned = await ok(city.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: false, note: '请补充成员名单' }));
    const { period: _p, ...revision } = report('2026Q3', 55);
    const revised = await ok(nyj.req('PUT', `/api/v1/reports/${rep.id}`, { ...revision, version: returned.version }));
    await ok(city.req('POST', `/api/v1/reports/${rep.id}/review`, { accept: true, version: revised.version }));

    // A cooperating unit's part of another item's report.
    const pioneer = await ok(wc.req('POST', `/api/v1/items/${await itemId(PIONEER)}/reports`, report('2026Q3', 30)), 201);
    await ok(nyj.req('POST', `/api/v1/reports/${pioneer.id}/contributions`, { text: '完成特派员遴选' }), 201);

    await ok(city.req('POST', `/api/v1/items/${micang}/reminders`, { note: '请按时报送进展' }), 201);
    await ok(city.req('POST', `/api/v1/items/${await itemId(PATENT)}/milestones`, { title: '完成技术合同登记培训', dueOn: '2026-12-20' }), 201);

    // Close-out of an item led by the reporter's unit: asked, returned, asked again, approved.
    const items = (await city.req('GET', `/api/v1/consultations/${W}/items?limit=200`)).body.data as {
      id: number;
      title: string;
      deadline: string | null;
      ongoing: boolean;
      status: string;
    }[];
    const used = new Set([micang, await itemId(PIONEER), await itemId(PATENT)]);
    const open = items.filter((i) => !used.has(i.id) && !['completed', 'cancelled'].includes(i.status));
    const closing = open[0]!;
    await env.db.updateTable('items').set({ lead_unit_id: env.orgs['wangcang.nyj'] }).where('id', '=', closing.id).execute();
    await requestCompletion(nyj, closing.id);
    await ok(city.req('POST', `/api/v1/items/${closing.id}/completion/review`, { approve: false, note: '缺少验收专家意见' }));
    await requestCompletion(nyj, closing.id);
    await ok(city.req('POST', `/api/v1/items/${closing.id}/completion/review`, { approve: true }));

    // Change requests on the adopted list: the county asks for an extension (refused), the bureau for a cancellation (approved).
    const today = env.clock.today();
    const dated = open.find((i) => i.id !== closing.id && !i.ongoing && i.deadline && i.deadline >= today)!;
    const extend = await ok(wc.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'extend', reason: '受汛期影响', deadline: '2099-12-31' }), 201);
    await ok(city.req('POST', `/api/v1/change-requests/${extend.id}/decision`, { approve: false, note: '请按原时限推进' }));
    const cancel = await ok(city.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'cancel', reason: '已由省级项目覆盖' }), 201);
    await ok(wc.req('POST', `/api/v1/change-requests/${cancel.id}/decision`, { approve: true }));

    // The 苍溪 list, still open: a need comes in, then both sides agree every item and adopt it.
    const C = env.consultations.cangxi;
    await ok(cx.req('POST', `/api/v1/consultations/${C}/needs`, { title: '建设猕猴桃科技示范基地', description: '冷链技术支持', domain: '农业农村', urgency: 'urgent' }), 201);
    for (const i of (await cx.req('GET', `/api/v1/consultations/${C}/items?limit=200`)).body.data as { id: number }[]) {
      await ok(city.req('PUT', `/api/v1/items/${i.id}/agreement`, { agreed: true, note: '' }));
      await ok(cx.req('PUT', `/api/v1/items/${i.id}/agreement`, { agreed: true, note: '' }));
    }
    await ok(city.req('POST', `/api/v1/consultations/${C}/adoption`));
    expect(await ok(cx.req('POST', `/api/v1/consultations/${C}/adoption`))).toMatchObject({ adopted: true });

    const recorded = await env.db.selectFrom('domain_events').select(['id', 'type']).where('id', '>', Number(baseline)).execute();
    expect([...new Set(recorded.map((e) => e.type))].sort()).toEqual([...EVENT_TYPES].sort());

    // Each recorded event is handled, and all but the deliberately quiet ones reach somebody's inbox.
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' });
    await dispatchPending({ db: env.db, clock: env.clock, config }, 'coverage');
    const pending = await env.db.selectFrom('domain_events').select('id').where('id', '>', Number(baseline)).where('processed_at', 'is', null).execute();
    expect(pending).toEqual([]);
    const told = await env.db.selectFrom('notifications').select('type').distinct().where('event_id', '>', Number(baseline)).execute();
    const expected = EVENT_TYPES.filter((t) => !SILENT_OR_CONDITIONAL.includes(t));
    expect(
      told
        .map((n) => n.type)
        .filter((t) => !SILENT_OR_CONDITIONAL.includes(t as EventType))
        .sort(),
    ).toEqual([...expected].sort());
  });
});
