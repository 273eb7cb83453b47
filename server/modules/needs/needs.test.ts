import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let cx: Agent; // 苍溪 partner coordinator: submits
let city: Agent; // host coordinator: triages and converts
let wc: Agent; // 旺苍 partner coordinator: another county
let leader: Agent;
let viewer: Agent;
let cxCoord2: Agent;
let admin: Agent;
let cangxi: number;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake image body for tests')]);

beforeAll(async () => {
  env = await createTestEnv();
  cangxi = env.consultations.cangxi;
  cx = await env.login('cangxi.coord');
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  leader = await env.login('city.leader');
  admin = await env.login('sysadmin');
  await env.makeUser('cangxi.viewer', 'cangxi.gov', ['viewer']);
  viewer = await env.login('cangxi.viewer');
  await env.makeUser('cangxi.coord2', 'cangxi.gov', ['partner_coordinator']);
  cxCoord2 = await env.login('cangxi.coord2');
});
afterAll(() => env?.close());

const listUrl = (id = cangxi) => `/api/v1/consultations/${id}/needs`;

const sample = (title = '建设猕猴桃产业科技示范基地') => ({
  title,
  description: '需要市局在品种选育和冷链技术上给予支持',
  domain: '农业农村',
  urgency: 'urgent',
  suggestedCategory: 'direct_support',
});

async function submit(body: Record<string, unknown> = sample()) {
  const r = await cx.req('POST', listUrl(), body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function needCount(): Promise<number> {
  const r = await env.db
    .selectFrom('needs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe(`needs: submit and read (${dialect})`, () => {
  it('lets the partner coordinator submit a need, records the audit row, and lists it newest first', async () => {
    const a = await submit();
    expect(a).toMatchObject({
      consultationId: cangxi,
      title: '建设猕猴桃产业科技示范基地',
      domain: '农业农村',
      urgency: 'urgent',
      suggestedCategory: 'direct_support',
      status: 'submitted',
      item: null,
      mergedInto: null,
      version: 1,
      attachments: [],
      submitter: { displayName: expect.any(String) },
    });
    const audit = await env.auditRows('need', a.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'need.create', username: 'cangxi.coord', after: { title: a.title, urgency: 'urgent' } });
    expect(audit[0].request_id).toBeTruthy();
    const b = await submit({ title: '引进农业科技特派员', domain: '创新人才' });
    expect(b).toMatchObject({ urgency: 'normal', suggestedCategory: null, description: '' });

    const list = await city.req('GET', listUrl());
    expect(list.status).toBe(200);
    const ids = list.body.data.map((n: { id: number }) => n.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const urgent = await city.req('GET', `${listUrl()}?urgency=urgent`);
    expect(urgent.body.data.every((n: { urgency: string }) => n.urgency === 'urgent')).toBe(true);
    expect(urgent.body.data.map((n: { id: number }) => n.id)).toContain(a.id);
    // Paging by cursor walks every need once.
    const p1 = await city.req('GET', `${listUrl()}?limit=1`);
    expect(p1.body.data).toHaveLength(1);
    const p2 = await city.req('GET', `${listUrl()}?limit=1&cursor=${p1.body.nextCursor}`);
    expect(p2.body.data[0].id).toBeLessThan(p1.body.data[0].id);
    expect((await city.req('GET', `${listUrl()}?cursor=garbage`)).status).toBe(400);

    for (const reader of [cx, city, leader, viewer]) {
      const one = await reader.req('GET', `/api/v1/needs/${a.id}`);
      expect(one.status, reader.username).toBe(200);
      expect(one.body.id).toBe(a.id);
    }
  });

  it('refuses bad input with 400/422 and writes nothing', async () => {
    const before = await needCount();
    const bad = [
      { ...sample(), title: '  ' },
      { ...sample(), urgency: 'soon' },
      { ...sample(), suggestedCategory: 'other' },
      { ...sample(), title: '长'.repeat(201) },
      { ...sample(), extra: 1 },
      { description: '缺少名称', domain: '农业农村' },
    ];
    for (const b of bad) {
      const r = await cx.req('POST', listUrl(), b);
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    const dom = await cx.req('POST', listUrl(), { ...sample(), domain: '不存在的领域' });
    expect(dom.status).toBe(422);
    expect(dom.body.error.code).toBe('UNKNOWN_DOMAIN');
    expect(await needCount()).toBe(before);
  });

  it('lets only a partner coordinator of this consultation submit; others are refused or see nothing', async () => {
    const before = await needCount();
    for (const a of [city, leader, viewer]) {
      const r = await a.req('POST', listUrl(), sample('不该提交'));
      expect(r.status, a.username).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    // Another county's coordinator: the consultation does not exist for them.
    expect((await wc.req('POST', listUrl(), sample('不该提交'))).status).toBe(404);
    expect((await wc.req('GET', listUrl())).status).toBe(404);
    expect((await admin.req('GET', listUrl())).status).toBe(403);
    expect((await admin.req('POST', listUrl(), sample('不该提交'))).status).toBe(403);
    expect((await env.anon('GET', listUrl())).status).toBe(401);
    expect((await env.anon('POST', listUrl(), sample('不该提交'))).status).toBe(401);
    const noCsrf = await cx.req('POST', listUrl(), sample('不该提交'), { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_INVALID');
    expect((await cx.req('GET', listUrl(999999))).status).toBe(404);
    expect(await needCount()).toBe(before);
  });

  it('hides a need from another county and from administrators', async () => {
    const n = await submit(sample('苍溪的需求'));
    const r = await wc.req('GET', `/api/v1/needs/${n.id}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect((await wc.req('GET', '/api/v1/needs/999999')).status).toBe(404);
    expect((await admin.req('GET', `/api/v1/needs/${n.id}`)).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/needs/${n.id}`)).status).toBe(401);
  });

  it('no longer takes needs once the list is adopted', async () => {
    const r = await wc.req('POST', listUrl(env.consultations.wangcang), sample('议定后的需求'));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONSULTATION_LOCKED');
  });
});

describe(`needs: triage (${dialect})`, () => {
  const triage = (a: Agent, id: number, body: unknown) => a.req('POST', `/api/v1/needs/${id}/triage`, body);

  it('accepts a need, once, with the audit row', async () => {
    const n = await submit(sample('采纳的需求'));
    const r = await triage(city, n.id, { decision: 'accept', version: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'accepted', version: 2, triagedBy: { displayName: expect.any(String) }, triagedAt: expect.any(String) });
    const audit = await env.auditRows('need', n.id);
    expect(audit.map((x) => x.action)).toEqual(['need.create', 'need.triage']);
    expect(audit[1]).toMatchObject({ username: 'city.coord', before: { status: 'submitted' }, after: { decision: 'accept', status: 'accepted' } });
    const again = await triage(city, n.id, { decision: 'decline', reason: '改主意' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    const stale = await triage(city, n.id, { decision: 'decline', reason: '改主意', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
  });

  it('declines only with a reason', async () => {
    const n = await submit(sample('不予采纳的需求'));
    const none = await triage(city, n.id, { decision: 'decline' });
    expect(none.status).toBe(400);
    expect(none.body.error.details.map((d: { field: string }) => d.field)).toContain('body.reason');
    expect((await triage(city, n.id, { decision: 'decline', reason: '   ' })).status).toBe(400);
    const ok = await triage(city, n.id, { decision: 'decline', reason: '不属于科技部门职责范围' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'declined', triageReason: '不属于科技部门职责范围' });
  });

  it('merges into another need of the same consultation only', async () => {
    const target = await submit(sample('合并目标'));
    const dup = await submit(sample('重复的需求'));
    const bad = [{ decision: 'merge' }, { decision: 'accept', mergeIntoId: target.id }, { decision: 'merge', mergeIntoId: 'x' }];
    for (const b of bad) expect((await triage(city, dup.id, b)).status, JSON.stringify(b)).toBe(400);
    const self = await triage(city, dup.id, { decision: 'merge', mergeIntoId: dup.id });
    expect(self.status).toBe(422);
    expect(self.body.error.details[0].field).toBe('body.mergeIntoId');
    expect((await triage(city, dup.id, { decision: 'merge', mergeIntoId: 999999 })).status).toBe(422);
    // A need of the other consultation, written straight to the table.
    const foreign = await env.db
      .insertInto('needs')
      .values({
        consultation_id: env.consultations.wangcang,
        title: '旺苍的需求',
        description: '',
        domain: '综合',
        urgency: 'normal',
        suggested_category: null,
        status: 'submitted',
        triage_reason: null,
        merged_into_id: null,
        item_id: null,
        submitted_by: env.users['wangcang.coord'],
        submitter_org_id: env.orgs['wangcang.gov'],
        triaged_by: null,
        triaged_at: null,
        version: 1,
        created_at: '2026-11-25T00:00:00.000Z',
        updated_at: '2026-11-25T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await triage(city, dup.id, { decision: 'merge', mergeIntoId: foreign.id })).status).toBe(422);
    const declined = await submit(sample('已拒绝'));
    await triage(city, declined.id, { decision: 'decline', reason: '重复' });
    expect((await triage(city, dup.id, { decision: 'merge', mergeIntoId: declined.id })).status).toBe(422);
    expect((await city.req('GET', `/api/v1/needs/${dup.id}`)).body.status).toBe('submitted');

    const ok = await triage(city, dup.id, { decision: 'merge', mergeIntoId: target.id, reason: '与合并目标内容相同' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'merged', mergedInto: { id: target.id, title: '合并目标' } });
    // The merged need can no longer be a target or be converted.
    const other = await submit(sample('再一条'));
    expect((await triage(city, other.id, { decision: 'merge', mergeIntoId: dup.id })).status).toBe(422);
    expect((await city.req('POST', `/api/v1/needs/${dup.id}/convert`, {})).status).toBe(409);
  });

  it('lets only the host coordinator triage', async () => {
    const n = await submit(sample('权限检查'));
    for (const a of [cx, leader, viewer]) {
      const r = await triage(a, n.id, { decision: 'accept' });
      expect(r.status, a.username).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await triage(wc, n.id, { decision: 'accept' })).status).toBe(404);
    expect((await triage(admin, n.id, { decision: 'accept' })).status).toBe(403);
    expect((await env.anon('POST', `/api/v1/needs/${n.id}/triage`, { decision: 'accept' })).status).toBe(401);
    const noCsrf = await city.req('POST', `/api/v1/needs/${n.id}/triage`, { decision: 'accept' }, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_INVALID');
    expect((await city.req('GET', `/api/v1/needs/${n.id}`)).body).toMatchObject({ status: 'submitted', version: 1 });
    expect((await env.auditRows('need', n.id)).map((x) => x.action)).toEqual(['need.create']);
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const n = await submit(sample('并发处理'));
    const results = await Promise.all([triage(city, n.id, { decision: 'accept', version: 1 }), triage(city, n.id, { decision: 'decline', reason: '并发', version: 1 })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await env.auditRows('need', n.id)).filter((x) => x.action === 'need.triage')).toHaveLength(1);
  });
});

describe(`needs: convert to a draft item (${dialect})`, () => {
  const convert = (a: Agent, id: number, body: unknown = {}) => a.req('POST', `/api/v1/needs/${id}/convert`, body);

  it('creates a linked draft item once, with audit rows for both', async () => {
    const n = await submit(sample('转为事项的需求'));
    await city.req('POST', `/api/v1/needs/${n.id}/triage`, { decision: 'accept' });
    const r = await convert(city, n.id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'converted', item: { id: expect.any(Number), title: '转为事项的需求' } });
    const item = await city.req('GET', `/api/v1/items/${r.body.item.id}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({
      consultationId: cangxi,
      title: '转为事项的需求',
      content: '需要市局在品种选育和冷链技术上给予支持',
      category: 'direct_support',
      domain: '农业农村',
      status: 'not_started',
    });
    const ledger = await cx.req('GET', `/api/v1/consultations/${cangxi}/items?limit=200`);
    expect(ledger.body.data.map((i: { id: number }) => i.id)).toContain(r.body.item.id);
    const audit = await env.auditRows('need', n.id);
    expect(audit.map((x) => x.action)).toEqual(['need.create', 'need.triage', 'need.convert']);
    expect(audit[2]).toMatchObject({ username: 'city.coord', after: { status: 'converted', itemId: r.body.item.id } });
    expect((await env.auditRows('item', r.body.item.id))[0]).toMatchObject({ action: 'item.create', after: { needId: n.id } });

    const twice = await convert(city, n.id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_TRANSITION');
    const linked = await env.db.selectFrom('items').select('id').where('consultation_id', '=', cangxi).where('title', '=', '转为事项的需求').execute();
    expect(linked).toHaveLength(1);
  });

  it('converts a need straight from submitted, with a chosen category; asks for one when none is suggested', async () => {
    const n = await submit({ title: '无建议类别的需求', domain: '科技金融' });
    const none = await convert(city, n.id);
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('body.category');
    expect((await convert(city, n.id, { category: 'nope' })).status).toBe(400);
    const ok = await convert(city, n.id, { category: 'joint_pursuit' });
    expect(ok.status).toBe(200);
    expect((await city.req('GET', `/api/v1/items/${ok.body.item.id}`)).body.category).toBe('joint_pursuit');
  });

  it('withdraws the adoption confirmations, since the list changed', async () => {
    const n = await submit(sample('改变清单'));
    await env.db.insertInto('adoption_confirmations').values({ consultation_id: cangxi, side: 'host', user_id: env.users['city.coord'], at: '2026-11-25T00:00:00.000Z' }).execute();
    expect((await convert(city, n.id)).status).toBe(200);
    expect(await env.db.selectFrom('adoption_confirmations').select('side').where('consultation_id', '=', cangxi).execute()).toHaveLength(0);
  });

  it('refuses declined needs and locked lists, and anyone but the host coordinator', async () => {
    const n = await submit(sample('权限与状态'));
    for (const a of [cx, leader, viewer]) expect((await convert(a, n.id)).status, a.username).toBe(403);
    expect((await convert(wc, n.id)).status).toBe(404);
    expect((await convert(admin, n.id)).status).toBe(403);
    expect((await env.anon('POST', `/api/v1/needs/${n.id}/convert`, {})).status).toBe(401);
    expect((await city.req('POST', `/api/v1/needs/${n.id}/convert`, {}, { 'x-csrf-token': '' })).status).toBe(403);
    expect((await city.req('GET', `/api/v1/needs/${n.id}`)).body).toMatchObject({ status: 'submitted', item: null });

    const d = await submit(sample('被拒绝后转换'));
    await city.req('POST', `/api/v1/needs/${d.id}/triage`, { decision: 'decline', reason: '不适合' });
    const r = await convert(city, d.id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_TRANSITION');

    // A need left over in a consultation whose list was adopted.
    const locked = await env.db
      .insertInto('needs')
      .values({
        consultation_id: env.consultations.wangcang,
        title: '议定后的需求',
        description: '',
        domain: '综合',
        urgency: 'normal',
        suggested_category: 'joint_promotion',
        status: 'accepted',
        triage_reason: null,
        merged_into_id: null,
        item_id: null,
        submitted_by: env.users['wangcang.coord'],
        submitter_org_id: env.orgs['wangcang.gov'],
        triaged_by: null,
        triaged_at: null,
        version: 1,
        created_at: '2026-11-25T00:00:00.000Z',
        updated_at: '2026-11-25T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = (await city.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=200`)).body.data.length;
    const l = await convert(city, locked.id);
    expect(l.status).toBe(409);
    expect(l.body.error.code).toBe('CONSULTATION_LOCKED');
    expect((await city.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=200`)).body.data.length).toBe(before);
  });

  it('lets exactly one of two simultaneous conversions win, leaving one item', async () => {
    const n = await submit(sample('并发转换'));
    const results = await Promise.all([convert(city, n.id, { version: 1 }), convert(city, n.id, { version: 1 }), convert(city, n.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const items = await env.db.selectFrom('items').select('id').where('consultation_id', '=', cangxi).where('title', '=', '并发转换').execute();
    expect(items).toHaveLength(1);
    expect((await env.auditRows('need', n.id)).filter((x) => x.action === 'need.convert')).toHaveLength(1);
  });
});

describe(`needs: the item's source need (${dialect})`, () => {
  it('tells the parties which need an item came from, null for items entered directly, 404 outside scope', async () => {
    const n = await submit(sample('来源需求'));
    const itemId = (await city.req('POST', `/api/v1/needs/${n.id}/convert`, {})).body.item.id as number;
    for (const a of [city, cx, leader, viewer]) {
      const r = await a.req('GET', `/api/v1/items/${itemId}/need`);
      expect(r.status, a.username).toBe(200);
      expect(r.body.need, a.username).toMatchObject({ id: n.id, title: '来源需求', status: 'converted', item: { id: itemId } });
    }
    const direct = await env.db
      .selectFrom('items')
      .select('id')
      .where('consultation_id', '=', cangxi)
      .where('id', '!=', itemId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect((await cx.req('GET', `/api/v1/items/${direct.id}/need`)).body).toEqual({ need: null });
    expect((await wc.req('GET', `/api/v1/items/${itemId}/need`)).status).toBe(404);
    expect((await admin.req('GET', `/api/v1/items/${itemId}/need`)).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/items/${itemId}/need`)).status).toBe(401);
    expect((await city.req('GET', '/api/v1/items/999999/need')).status).toBe(404);
    expect((await city.req('GET', '/api/v1/items/abc/need')).status).toBe(400);
  });
});

describe(`needs: attachments (${dialect})`, () => {
  it('lets the submitter attach, lists the file, and serves it to whoever may read the need', async () => {
    const n = await submit(sample('附材料的需求'));
    const up = await cx.upload(`/api/v1/needs/${n.id}/attachments`, { filename: '基地现状.png', content: PNG, contentType: 'image/png' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ filename: '基地现状.png', mime: 'image/png', url: `/api/v1/attachments/${up.body.id}` });
    expect((await env.auditRows('attachment', up.body.id))[0]).toMatchObject({ action: 'attachment.create', after: { ownerType: 'need', ownerId: n.id } });
    expect((await city.req('GET', `/api/v1/needs/${n.id}`)).body.attachments).toEqual([up.body]);
    expect((await city.req('GET', listUrl())).body.data.find((x: { id: number }) => x.id === n.id).attachments).toEqual([up.body]);

    const download = async (a: Agent | null) => {
      const res = await env.app.inject({ method: 'GET', url: `/api/v1/attachments/${up.body.id}`, headers: a ? { cookie: a.cookie } : {} });
      return { status: res.statusCode, raw: res.rawPayload };
    };
    for (const a of [city, leader, viewer, cx]) {
      const got = await download(a);
      expect(got.status, a.username).toBe(200);
      expect(got.raw.equals(PNG)).toBe(true);
    }
    expect((await download(wc)).status).toBe(404);
    expect((await download(admin)).status).toBe(403);
    expect((await download(null)).status).toBe(401);
  });

  it('refuses files from anyone but the submitter, and bytes that lie about their type', async () => {
    const n = await submit(sample('附件权限'));
    const url = `/api/v1/needs/${n.id}/attachments`;
    expect((await city.upload(url, { filename: 'a.png', content: PNG })).status).toBe(403);
    expect((await cxCoord2.upload(url, { filename: 'a.png', content: PNG })).status).toBe(403);
    expect((await wc.upload(url, { filename: 'a.png', content: PNG })).status).toBe(404);
    expect((await cx.upload(url, { filename: 'a.png', content: PNG }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await cx.upload(url, { filename: 'a.png', content: PNG, field: 'other' })).status).toBe(400);
    expect((await cx.upload(url, { filename: 'setup.exe', content: Buffer.from('MZ\x90\x00 executable') })).status).toBe(415);
    expect((await cx.upload('/api/v1/needs/999999/attachments', { filename: 'a.png', content: PNG })).status).toBe(404);
    expect(await env.db.selectFrom('attachments').select('id').where('owner_type', '=', 'need').where('owner_id', '=', n.id).execute()).toHaveLength(0);
  });
});
