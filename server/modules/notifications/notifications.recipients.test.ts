/** Who finds change requests, needs and an adopted list in their inbox, and what it says. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { dispatchPending } from './notifications.dispatch.js';
import { openField } from '../../platform/field-crypto.js';

let env: TestEnv;
let city: Agent; // host coordinator
let city2: Agent; // a second host coordinator
let leader: Agent; // host leader
let wc: Agent; // 旺苍 partner coordinator
let wc2: Agent; // a second 旺苍 partner coordinator
let nyj: Agent; // 旺苍县农业农村局 reporter
let cx: Agent; // 苍溪 partner coordinator
let cx2: Agent; // a second 苍溪 partner coordinator
let W: number;
let dated: { id: number; title: string; deadline: string };

// Mail is queued only when an SMTP server is configured; nothing is sent by these tests.
const SMTP = { SMTP_URL: 'smtp://127.0.0.1:2525' };

// Requests, needs and adoption change the demo: each test starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv(SMTP);
  await env.makeUser('city.coord2', 'bureau', ['host_coordinator']);
  await env.makeUser('wangcang.coord2', 'wangcang.gov', ['partner_coordinator']);
  await env.makeUser('cangxi.coord2', 'cangxi.gov', ['partner_coordinator']);
  [city, city2, leader, wc, wc2, nyj, cx, cx2] = await Promise.all(
    ['city.coord', 'city.coord2', 'city.leader', 'wangcang.coord', 'wangcang.coord2', 'wangcang.nyj', 'cangxi.coord', 'cangxi.coord2'].map((u) => env.login(u)),
  );
  W = env.consultations.wangcang;
  const today = env.clock.today();
  const items = (await city.req('GET', `/api/v1/consultations/${W}/items?limit=200`)).body.data as {
    id: number;
    title: string;
    deadline: string | null;
    ongoing: boolean;
    status: string;
  }[];
  const row = items.find((i) => !i.ongoing && i.deadline && i.deadline >= today && !['completed', 'cancelled'].includes(i.status))!;
  dated = { id: row.id, title: row.title, deadline: row.deadline! };
});
afterEach(() => env?.close());

async function dispatch() {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...SMTP });
  await dispatchPending({ db: env.db, clock: env.clock, config }, 'test');
}

async function inboxOf(a: Agent, type: string) {
  const r = await a.req('GET', '/api/v1/notifications?limit=200');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.data as { type: string; title: string; body: string; itemId: number | null; consultationId: number | null; readAt: string | null }[]).filter(
    (n) => n.type === type,
  );
}

async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/** Asserts who among `agents` has exactly one notification of `type`, and that the rest have none. */
async function expectTold(type: string, told: Agent[], notTold: Agent[]) {
  for (const a of told) expect(await inboxOf(a, type), `${a.username} should hear of ${type}`).toHaveLength(1);
  for (const a of notTold) expect(await inboxOf(a, type), `${a.username} should not hear of ${type}`).toEqual([]);
}

describe(`notifications: change requests (${dialect})`, () => {
  it('tells the other side’s coordinators of a request the county files, and the filer’s side of the decision', async () => {
    const cr = await ok(wc.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'extend', reason: '受汛期影响，施工推迟', deadline: '2099-12-31' }), 201);
    const events = await env.db
      .selectFrom('domain_events')
      .select(['type', 'item_id', 'consultation_id', 'actor_id'])
      .where('entity_type', '=', 'change_request')
      .where('entity_id', '=', cr.id)
      .execute();
    expect(events).toEqual([{ type: 'change_request.created', item_id: dated.id, consultation_id: W, actor_id: env.users['wangcang.coord'] }]);
    await dispatch();
    await expectTold('change_request.created', [city, city2], [wc, wc2, nyj, leader, cx]);
    const [filed] = await inboxOf(city, 'change_request.created');
    expect(filed).toMatchObject({ title: `新的调整申请：${dated.title}`, itemId: dated.id, consultationId: W, readAt: null });
    expect(filed!.body.split('\n')).toEqual(expect.arrayContaining([`事项：${dated.title}`, '调整类型：延期申请', '申请理由：受汛期影响，施工推迟', '请及时审批']));

    await ok(city.req('POST', `/api/v1/change-requests/${cr.id}/decision`, { approve: false, note: '请按原时限推进' }));
    await dispatch();
    await expectTold('change_request.decided', [wc, wc2], [city, city2, nyj, leader, cx]);
    const [decided] = await inboxOf(wc, 'change_request.decided');
    expect(decided).toMatchObject({ title: `调整申请已审批：${dated.title}`, itemId: dated.id });
    expect(decided!.body.split('\n')).toEqual(expect.arrayContaining(['调整类型：延期申请', '审批结果：不同意', '审批意见：请按原时限推进']));
  });

  it('tells the county of a request the bureau files, and the bureau of the approval; e-mail goes with it', async () => {
    expect((await city2.req('PUT', '/api/v1/me/email', { email: 'coord2@bureau.example.cn' })).status).toBe(200);
    const cr = await ok(city.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'cancel', reason: '已由省级项目覆盖' }), 201);
    await dispatch();
    await expectTold('change_request.created', [wc, wc2], [city, city2, nyj, cx]);

    await ok(wc.req('POST', `/api/v1/change-requests/${cr.id}/decision`, { approve: true }));
    await dispatch();
    await expectTold('change_request.decided', [city, city2], [wc, wc2, nyj, cx]);
    expect((await inboxOf(city, 'change_request.decided'))[0]!.body).toContain('审批结果：同意');
    // The address is sealed in the outbox: the row names its recipient by id.
    const mail = await env.db.selectFrom('deliveries').select(['target', 'subject', 'user_id']).where('channel', '=', 'email').execute();
    expect(mail.map((m) => ({ target: openField(m.target), subject: m.subject, userId: m.user_id }))).toEqual([
      {
        target: 'coord2@bureau.example.cn',
        subject: `调整申请已审批：${dated.title}`,
        userId: (await env.db.selectFrom('users').select('id').where('username', '=', 'city.coord2').executeTakeFirstOrThrow()).id,
      },
    ]);
  });

  it('names the proposed item of an add request before it exists, and the new item once approved', async () => {
    const proposed = { title: '共建茶产业科技服务站', category: 'joint_promotion', domain: '农业农村' };
    const cr = await ok(wc.req('POST', `/api/v1/consultations/${W}/change-requests`, { kind: 'add', reason: '县里新增需求', item: proposed }), 201);
    await dispatch();
    await expectTold('change_request.created', [city, city2], [wc, wc2]);
    const [filed] = await inboxOf(city, 'change_request.created');
    expect(filed).toMatchObject({ title: `新的调整申请：${proposed.title}`, itemId: null, consultationId: W });
    expect(filed!.body.split('\n')).toEqual(expect.arrayContaining(['调整类型：新增事项', `拟新增事项：${proposed.title}`]));

    const decided = await ok(city.req('POST', `/api/v1/change-requests/${cr.id}/decision`, { approve: true }));
    await dispatch();
    await expectTold('change_request.decided', [wc, wc2], [city, city2]);
    expect((await inboxOf(wc, 'change_request.decided'))[0]).toMatchObject({ title: `调整申请已审批：${proposed.title}`, itemId: decided.itemId });
  });

  it('records nothing when the request is refused', async () => {
    const before = await env.db.selectFrom('domain_events').select('id').where('type', 'like', 'change_request.%').execute();
    expect((await nyj.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'cancel', reason: '不做了' })).status).toBe(403);
    expect((await wc.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'extend', reason: '理由', deadline: '2000-01-01' })).status).toBe(422);
    const cr = await ok(wc.req('POST', `/api/v1/items/${dated.id}/change-requests`, { kind: 'cancel', reason: '已由省级项目覆盖' }), 201);
    // The filer's own side may not decide it: no decision, so no event of one.
    expect((await wc2.req('POST', `/api/v1/change-requests/${cr.id}/decision`, { approve: true })).body.error.code).toBe('OWN_CHANGE_REQUEST');
    const after = await env.db.selectFrom('domain_events').select('type').where('type', 'like', 'change_request.%').execute();
    expect(after.length - before.length).toBe(1);
  });
});

describe(`notifications: needs (${dialect})`, () => {
  it('tells the host bureau’s coordinators of a need the county submits, with its urgency', async () => {
    const need = await ok(
      cx.req('POST', `/api/v1/consultations/${env.consultations.cangxi}/needs`, {
        title: '建设猕猴桃科技示范基地',
        description: '冷链技术支持',
        domain: '农业农村',
        urgency: 'urgent',
      }),
      201,
    );
    expect(await env.db.selectFrom('domain_events').select(['type', 'consultation_id']).where('entity_type', '=', 'need').where('entity_id', '=', need.id).execute()).toEqual([
      { type: 'need.submitted', consultation_id: env.consultations.cangxi },
    ]);
    await dispatch();
    await expectTold('need.submitted', [city, city2], [cx, cx2, leader, wc, nyj]);
    const [n] = await inboxOf(city, 'need.submitted');
    expect(n).toMatchObject({ title: '新的需求：建设猕猴桃科技示范基地', itemId: null, consultationId: env.consultations.cangxi });
    expect(n!.body.split('\n')).toEqual(expect.arrayContaining(['需求：建设猕猴桃科技示范基地', '紧急程度：紧急']));
    expect(n!.body).toContain('会商：');
  });
});

describe(`notifications: adoption (${dialect})`, () => {
  it('tells both sides’ coordinators and the lead units’ reporters once the second side confirms the list', async () => {
    const C = env.consultations.cangxi;
    const lead = await env.db
      .selectFrom('items')
      .select('lead_unit_id')
      .where('consultation_id', '=', C)
      .where('deleted_at', 'is', null)
      .where('lead_unit_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const leadKey = Object.entries(env.orgs).find(([, id]) => id === lead.lead_unit_id)![0];
    await env.makeUser('cangxi.lead.reporter', leadKey, ['unit_reporter']);
    const reporter = await env.login('cangxi.lead.reporter');
    const items = (await cx.req('GET', `/api/v1/consultations/${C}/items?limit=200`)).body.data as { id: number }[];
    for (const i of items) {
      await ok(city.req('PUT', `/api/v1/items/${i.id}/agreement`, { agreed: true, note: '' }));
      await ok(cx.req('PUT', `/api/v1/items/${i.id}/agreement`, { agreed: true, note: '' }));
    }
    // One side's confirmation adopts nothing, so it tells nobody.
    await ok(city.req('POST', `/api/v1/consultations/${C}/adoption`));
    await dispatch();
    await expectTold('consultation.adopted', [], [city, cx, reporter]);

    await ok(cx.req('POST', `/api/v1/consultations/${C}/adoption`));
    await dispatch();
    await expectTold('consultation.adopted', [city, city2, cx2, reporter], [cx, leader, wc, nyj]);
    const [n] = await inboxOf(reporter, 'consultation.adopted');
    const title = (await cx.req('GET', `/api/v1/consultations/${C}`)).body.title as string;
    expect(n).toMatchObject({ title: `会商清单已议定：${title}`, consultationId: C, itemId: null });
    expect(n!.body.split('\n')).toEqual([`会商：${title}`, `议定事项：${items.length} 项`, '请按议定清单组织实施，按期报送进展']);
  });
});
