import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../../domain/items.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent; // host coordinator: drafts
let leader: Agent; // host leader: signs
let wc: Agent; // 旺苍 partner coordinator: reads, may not answer for the lead unit
let nyj: Agent; // 旺苍县农业农村局 reporter: the lead unit of the red item
let cx: Agent; // 苍溪 partner coordinator: another county
let wcLeader: Agent; // a leader, but of the county government
let cxLeader: Agent; // a leader of another county altogether
let officeLeader: Agent; // a leader in one of the bureau's offices
let cityLeader: Agent; // a leader of the city above the bureau
let bureauViewer: Agent; // host side, wrong role
let admin: Agent;
let redItem: number; // led by 旺苍县农业农村局, past its deadline
let greenItem: number;

const url = (itemId = redItem) => `/api/v1/items/${itemId}/supervision-notices`;
const body = (over: Record<string, unknown> = {}) => ({
  reason: '事项已超过完成时限，进度滞后',
  requirements: '请于期限内书面报告进展和整改措施',
  responseDue: '2026-12-10',
  ...over,
});

async function count(table: 'supervision_notices' | 'domain_events'): Promise<number> {
  const r = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function events(entityId: number) {
  return env.db
    .selectFrom('domain_events')
    .select(['type', 'item_id', 'consultation_id', 'data_json'])
    .where('entity_type', '=', 'supervision_notice')
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

async function draft(itemId = redItem) {
  const r = await city.req('POST', url(itemId), body());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Makes an item of the demo list overdue (red) or comfortably on track. */
async function setDeadline(itemId: number, deadline: string, status: ItemStatus = 'in_progress') {
  await env.db.updateTable('items').set({ deadline, ongoing: 0, status, progress: 30 }).where('id', '=', itemId).execute();
}

// Notices are drafted, signed and numbered, and the clock moves: each test starts from a fresh copy of the demo.
beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  await env.makeUser('wc.leader', 'wangcang.gov', ['leader']);
  await env.makeUser('cx.leader', 'cangxi.gov', ['leader']);
  await env.makeUser('office.leader', 'bureau.rural', ['leader']);
  await env.makeUser('gy.leader', 'guangyuan', ['leader']);
  await env.makeUser('bureau.viewer', 'bureau', ['viewer']);
  wcLeader = await env.login('wc.leader');
  cxLeader = await env.login('cx.leader');
  officeLeader = await env.login('office.leader');
  cityLeader = await env.login('gy.leader');
  bureauViewer = await env.login('bureau.viewer');
  const items = await env.db.selectFrom('items').select(['id', 'lead_unit_id']).where('consultation_id', '=', env.consultations.wangcang).orderBy('id').execute();
  redItem = items.find((i) => i.lead_unit_id === env.orgs['wangcang.nyj'])!.id;
  greenItem = items.find((i) => i.id !== redItem && i.lead_unit_id !== null)!.id;
  await setDeadline(redItem, '2026-11-01');
  await setDeadline(greenItem, '2027-12-31');
});
afterEach(() => env?.close());

describe(`supervision notices: drafting (${dialect})`, () => {
  it('lets only the host coordinator draft, for a red item of an adopted list, and changes nothing otherwise', async () => {
    const before = await count('supervision_notices');
    expect((await env.anon('POST', url(), body())).status).toBe(401);
    for (const [who, status] of [
      [wc, 403],
      [nyj, 403],
      [leader, 403],
      [bureauViewer, 403],
      [cx, 404],
      [admin, 403],
    ] as const) {
      const r = await who.req('POST', url(), body());
      expect(r.status, who.username).toBe(status);
    }
    const green = await city.req('POST', url(greenItem), body());
    expect(green.status).toBe(409);
    expect(green.body.error.code).toBe('ITEM_NOT_RED');
    expect(green.body.error.details).toMatchObject({ light: 'green' });
    const today = await city.req('POST', url(), body({ responseDue: '2026-11-25' }));
    expect(today.status).toBe(422);
    expect(today.body.error.code).toBe('RESPONSE_DUE_INVALID');
    const bad = await city.req('POST', url(), body({ reason: '   ', responseDue: '2026-02-30', extra: 1 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const cangxiItem = await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.cangxi).executeTakeFirstOrThrow();
    expect((await cx.req('POST', url(cangxiItem.id), body())).status).toBe(403);
    expect((await city.req('POST', url(cangxiItem.id), body())).body.error.code).toBe('ITEM_NOT_ADOPTED');
    expect((await city.req('POST', url(999999), body())).status).toBe(404);
    expect(await count('supervision_notices')).toBe(before);
  });

  it('records the draft awaiting signature, with its audit row and event, visible to everyone in scope', async () => {
    const n = await draft();
    expect(n).toMatchObject({
      itemId: redItem,
      status: 'awaiting_signature',
      number: null,
      hostOrg: { id: env.orgs.bureau, name: '广元市科学技术局' },
      leadUnit: { id: env.orgs['wangcang.nyj'] },
      responseDue: '2026-12-10',
      draftedBy: { displayName: '市局联络员（演示）' },
      overdue: false,
      version: 1,
    });
    const audit = await env.auditRows('supervision_notice', n.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'notice.create', username: 'city.coord', after: { itemId: redItem, status: 'awaiting_signature', responseDue: '2026-12-10' } });
    expect((await events(n.id)).map((e) => e.type)).toEqual(['notice.drafted']);
    for (const reader of [city, leader, wc, nyj]) {
      const r = await reader.req('GET', url());
      expect(r.status, reader.username).toBe(200);
      expect(r.body.data.map((x: { id: number }) => x.id)).toContain(n.id);
    }
    expect((await cx.req('GET', url())).status).toBe(404);
    expect((await cx.req('GET', `/api/v1/supervision-notices/${n.id}`)).status).toBe(404);
    expect((await env.anon('GET', url())).status).toBe(401);
  });
});

describe(`supervision notices: signature (${dialect})`, () => {
  it('lets only a leader of the host sign; others get 403 or 404 and nothing changes', async () => {
    const n = await draft();
    expect((await env.anon('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: true })).status).toBe(401);
    for (const [who, status] of [
      [city, 403],
      [wc, 403],
      [nyj, 403],
      [wcLeader, 403],
      [bureauViewer, 403],
      [cxLeader, 404],
      [cx, 404],
    ] as const) {
      const r = await who.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: true });
      expect(r.status, who.username).toBe(status);
    }
    const still = await city.req('GET', `/api/v1/supervision-notices/${n.id}`);
    expect(still.body).toMatchObject({ status: 'awaiting_signature', number: null, version: 1 });
    expect(await env.auditRows('supervision_notice', n.id)).toHaveLength(1);
  });

  it('sends back with a reason, lets the coordinator edit by version and resubmit, then signs with a number', async () => {
    const n = await draft();
    const noReason = await leader.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: false });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const back = await leader.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: false, note: '整改要求要具体到时间节点' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'sent_back', signatureNote: '整改要求要具体到时间节点', number: null, version: 2 });
    const notPending = await leader.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: true });
    expect(notPending.status).toBe(409);
    expect(notPending.body.error.code).toBe('NOTICE_NOT_PENDING');

    expect((await wc.req('PATCH', `/api/v1/supervision-notices/${n.id}`, { requirements: 'x', version: 2 })).status).toBe(403);
    const stale = await city.req('PATCH', `/api/v1/supervision-notices/${n.id}`, { requirements: '12月5日前报送整改方案', version: 1 });
    expect(stale.status).toBe(409);
    const edited = await city.req('PATCH', `/api/v1/supervision-notices/${n.id}`, { requirements: '12月5日前报送整改方案', version: 2 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'awaiting_signature', requirements: '12月5日前报送整改方案', version: 3 });

    const signed = await leader.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: true, note: '同意' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed', year: 2026, signedBy: { displayName: '市局领导（演示）' } });
    expect(signed.body.number).toBe(`广科督〔2026〕${signed.body.seq}号`);
    const again = await leader.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: true });
    expect(again.status).toBe(409);
    const noEdit = await city.req('PATCH', `/api/v1/supervision-notices/${n.id}`, { reason: '改', version: signed.body.version });
    expect(noEdit.body.error.code).toBe('NOTICE_NOT_PENDING');

    const audit = await env.auditRows('supervision_notice', n.id);
    expect(audit.map((a) => [a.action, a.username])).toEqual([
      ['notice.create', 'city.coord'],
      ['notice.send_back', 'city.leader'],
      ['notice.update', 'city.coord'],
      ['notice.sign', 'city.leader'],
    ]);
    expect(audit[3].after).toMatchObject({ status: 'signed', number: signed.body.number });
    expect((await events(n.id)).map((e) => e.type)).toEqual(['notice.drafted', 'notice.sent_back', 'notice.drafted', 'notice.signed']);
  });

  it('accepts leaders of the bureau offices and of the city above it, and numbers on', async () => {
    const a = await draft();
    const b = await draft();
    const sa = await officeLeader.req('POST', `/api/v1/supervision-notices/${a.id}/signature`, { approve: true });
    const sb = await cityLeader.req('POST', `/api/v1/supervision-notices/${b.id}/signature`, { approve: true });
    expect([sa.status, sb.status]).toEqual([200, 200]);
    expect(sb.body.seq).toBe(sa.body.seq + 1);
  });

  it('numbers concurrent signatures uniquely and without gaps, and lets one of two signatures of one notice win', async () => {
    const drafts = [];
    for (let i = 0; i < 6; i++) drafts.push(await draft());
    const results = await Promise.all(drafts.map((d) => leader.req('POST', `/api/v1/supervision-notices/${d.id}/signature`, { approve: true })));
    expect(results.map((r) => r.status)).toEqual(drafts.map(() => 200));
    const rows = await env.db.selectFrom('supervision_notices').select(['seq']).where('status', '=', 'signed').where('year', '=', 2026).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));

    const one = await draft();
    const twice = await Promise.all([
      leader.req('POST', `/api/v1/supervision-notices/${one.id}/signature`, { approve: true }),
      officeLeader.req('POST', `/api/v1/supervision-notices/${one.id}/signature`, { approve: true }),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await env.auditRows('supervision_notice', one.id)).filter((a) => a.action === 'notice.sign')).toHaveLength(1);
  });
});

describe(`supervision notices: the lead unit's answer (${dialect})`, () => {
  it('takes the answer from the lead unit only, once, after signature; overdue and late answers show', async () => {
    const n = await draft();
    const early = await nyj.req('POST', `/api/v1/supervision-notices/${n.id}/response`, { text: '正在整改' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOTICE_NOT_SIGNED');
    await leader.req('POST', `/api/v1/supervision-notices/${n.id}/signature`, { approve: true });

    expect((await env.anon('POST', `/api/v1/supervision-notices/${n.id}/response`, { text: 'x' })).status).toBe(401);
    for (const [who, status] of [
      [wc, 403],
      [city, 403],
      [leader, 403],
      [cx, 404],
    ] as const) {
      expect((await who.req('POST', `/api/v1/supervision-notices/${n.id}/response`, { text: '已整改' })).status, who.username).toBe(status);
    }
    expect((await nyj.req('POST', `/api/v1/supervision-notices/${n.id}/response`, { text: '' })).status).toBe(400);

    // The response deadline passes unanswered: the notice shows as overdue, in the overdue filter too.
    env.clock.set(new Date('2026-12-11T02:00:00.000Z'));
    // Sixteen idle days end every session: sign in again on the new day.
    city = await env.login('city.coord');
    nyj = await env.login('wangcang.nyj');
    const overdue = await city.req('GET', `/api/v1/supervision-notices?consultationId=${env.consultations.wangcang}&overdue=true`);
    expect(overdue.status).toBe(200);
    expect(overdue.body.data.find((x: { id: number }) => x.id === n.id)).toMatchObject({ overdue: true, status: 'signed' });

    const answered = await nyj.req('POST', `/api/v1/supervision-notices/${n.id}/response`, { text: '已制定整改方案，12月底前完成' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      responseText: '已制定整改方案，12月底前完成',
      respondedBy: { displayName: '旺苍县农业农村局承办人（演示）' },
      overdue: false,
      answeredLate: true,
    });
    const twice = await nyj.req('POST', `/api/v1/supervision-notices/${n.id}/response`, { text: '再次反馈' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('NOTICE_ANSWERED');
    const audit = await env.auditRows('supervision_notice', n.id);
    expect(audit.at(-1)).toMatchObject({ action: 'notice.respond', username: 'wangcang.nyj', after: { status: 'answered', late: true } });
    expect((await events(n.id)).at(-1)!.type).toBe('notice.answered');
    env.clock.set(new Date('2026-11-25T02:00:00.000Z'));
    city = await env.login('city.coord');
    leader = await env.login('city.leader');
    cx = await env.login('cangxi.coord');
    admin = await env.login('sysadmin');
  });

  it('lists notices in scope by consultation and status, paged, never another county’s', async () => {
    // Four of its own awaiting signature: more than one page of three.
    for (let i = 0; i < 4; i++) await draft();
    const all = await city.req('GET', `/api/v1/supervision-notices?consultationId=${env.consultations.wangcang}&limit=3`);
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(3);
    const next = await city.req('GET', `/api/v1/supervision-notices?consultationId=${env.consultations.wangcang}&limit=3&cursor=${all.body.nextCursor}`);
    expect(next.body.data[0].id).toBeLessThan(all.body.data[2].id);
    const awaiting = await leader.req('GET', '/api/v1/supervision-notices?status=awaiting_signature');
    expect(awaiting.status).toBe(200);
    expect(awaiting.body.data.length).toBeGreaterThanOrEqual(4);
    expect(awaiting.body.data.every((x: { status: string }) => x.status === 'awaiting_signature')).toBe(true);
    expect((await cx.req('GET', '/api/v1/supervision-notices')).body.data).toEqual([]);
    expect((await cx.req('GET', `/api/v1/supervision-notices?consultationId=${env.consultations.wangcang}`)).status).toBe(404);
    expect((await city.req('GET', '/api/v1/supervision-notices?status=bogus')).status).toBe(400);
    // Past the range of an integer column: bad input, not a database error.
    expect((await city.req('GET', '/api/v1/supervision-notices?consultationId=99999999999999')).status).toBe(400);
    const hugeCursor = Buffer.from(JSON.stringify([1e30])).toString('base64url');
    expect((await city.req('GET', `/api/v1/supervision-notices?cursor=${hugeCursor}`)).body.error.code).toBe('BAD_CURSOR');
    expect((await admin.req('GET', '/api/v1/supervision-notices')).status).toBe(403);
    expect((await env.anon('GET', '/api/v1/supervision-notices')).status).toBe(401);
    expect(await count('domain_events')).toBeGreaterThan(0);
  });
});

describe(`supervision notices: what each reader may do (${dialect})`, () => {
  it('answers the item’s notices with the policies’ can flags for drafting, signing, answering and close-out', async () => {
    await env.makeUser('nyj.leader', 'wangcang.nyj', ['leader']);
    const none = { draftNotice: false, signNotice: false, respondNotice: false, requestCompletion: false, reviewCompletion: false };
    const expected: [Agent, typeof none][] = [
      [city, { ...none, draftNotice: true, reviewCompletion: true }],
      [leader, { ...none, signNotice: true }],
      [officeLeader, { ...none, signNotice: true }],
      [cityLeader, { ...none, signNotice: true }],
      [wc, { ...none, requestCompletion: true }],
      [nyj, { ...none, respondNotice: true, requestCompletion: true }],
      [await env.login('nyj.leader'), { ...none, respondNotice: true }],
      [wcLeader, none],
      [bureauViewer, none],
    ];
    for (const [who, can] of expected) {
      const r = await who.req('GET', url());
      expect(r.status, who.username).toBe(200);
      expect(r.body.can, who.username).toEqual(can);
    }
    // On an item another unit leads, 县农业农村局 answers nothing; another county sees nothing at all.
    const other = await env.db
      .selectFrom('items')
      .select('id')
      .where('consultation_id', '=', env.consultations.wangcang)
      .where('lead_unit_id', 'is not', null)
      .where('lead_unit_id', '!=', env.orgs['wangcang.nyj'])
      .executeTakeFirstOrThrow();
    expect((await nyj.req('GET', url(other.id))).body.can).toMatchObject({ respondNotice: false, requestCompletion: false });
    expect((await cxLeader.req('GET', url())).status).toBe(404);
  });
});
