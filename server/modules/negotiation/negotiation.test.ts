import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let host: Agent;
let partner: Agent;
let C: number;
let ids: number[];

// Tests change the demo: each starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  host = await env.login('city.coord');
  partner = await env.login('cangxi.coord');
  C = env.consultations.cangxi;
  ids = (await partner.req('GET', `/api/v1/consultations/${C}/items`)).body.data.map((i: { id: number }) => i.id);
});
afterEach(() => env?.close());

const item = async (a: Agent, id: number) => (await a.req('GET', `/api/v1/items/${id}`)).body;
const agree = (a: Agent, id: number, agreed = true, note = '') => a.req('PUT', `/api/v1/items/${id}/agreement`, { agreed, note });

/** Both sides agree every item of the 苍溪 list. */
async function agreeAll() {
  for (const id of ids) {
    expect((await agree(host, id)).status).toBe(200);
    expect((await agree(partner, id)).status).toBe(200);
  }
}

/** The 苍溪 list agreed by both and adopted: the host confirms, then the partner. */
async function adopt() {
  await agreeAll();
  expect((await host.req('POST', `/api/v1/consultations/${C}/adoption`)).status).toBe(200);
  const done = await partner.req('POST', `/api/v1/consultations/${C}/adoption`);
  expect(done.body).toMatchObject({ adopted: true, status: 'implementing' });
}

/** Saves 第一稿, then changes the list after it: one item edited, one added, one removed. */
async function firstDraftThenEdits() {
  const saved = await host.req('POST', `/api/v1/consultations/${C}/versions`, { label: '第一稿' });
  expect(saved.status).toBe(201);
  const it1 = await item(partner, ids[1]);
  expect((await partner.req('PATCH', `/api/v1/items/${ids[1]}`, { version: it1.version, title: '选派科技特派员团队服务猕猴桃产业', fundingWan: 15 })).status).toBe(200);
  const added = await partner.req('POST', `/api/v1/consultations/${C}/items`, { title: '共建猕猴桃产业技术研究院', category: 'joint_promotion', domain: '平台建设' });
  expect(added.status).toBe(201);
  expect((await partner.req('DELETE', `/api/v1/items/${ids[5]}`)).status).toBeLessThan(300);
  return { saved: saved.body, addedId: added.body.id as number };
}

describe(`negotiation: agreement marks (${dialect})`, () => {
  it('shows the demo’s marks: some agreed by both, one by the bureau only, one questioned', async () => {
    const list = (await partner.req('GET', `/api/v1/consultations/${C}/items`)).body.data;
    expect(list[0].agreement.host.agreed && list[0].agreement.partner.agreed).toBe(true);
    expect(list[2].agreement).toMatchObject({ host: { agreed: true }, partner: null });
    expect(list[3].agreement.partner).toMatchObject({ agreed: false, note: '建议将完成时限调整为明年年底', by: '苍溪县联络员（演示）' });
    const c = (await partner.req('GET', `/api/v1/consultations/${C}`)).body;
    expect(c.counts.agreed).toEqual({ total: 2, byCategory: { direct_support: 2, joint_promotion: 0, joint_pursuit: 0 } });
  });

  it('shows each item’s marks and co-units on its own page exactly as the list does', async () => {
    const list = (await partner.req('GET', `/api/v1/consultations/${C}/items`)).body.data as { id: number; agreement: unknown; coUnits: unknown }[];
    expect(list.some((i) => (i.coUnits as unknown[]).length > 0)).toBe(true);
    for (const i of list) {
      const page = await item(partner, i.id);
      expect({ id: page.id, agreement: page.agreement, coUnits: page.coUnits }).toEqual({ id: i.id, agreement: i.agreement, coUnits: i.coUnits });
    }
  });

  it('records each side’s mark from the caller’s organisation, audited', async () => {
    const r = await agree(partner, ids[2], true, '同意');
    expect(r.status).toBe(200);
    expect(r.body.agreement).toMatchObject({ host: { agreed: true }, partner: { agreed: true, note: '同意', by: '苍溪县联络员（演示）' } });
    const audit = await env.auditRows('item', ids[2]);
    expect(audit.at(-1)).toMatchObject({
      action: 'item.agreement',
      username: 'cangxi.coord',
      before: { 'partner.agreed': null },
      after: { 'partner.agreed': true, 'partner.note': '同意' },
    });
    const c = (await host.req('GET', `/api/v1/consultations/${C}`)).body;
    expect(c.counts.agreed.byCategory.joint_promotion).toBe(1);
  });

  it('lets only the two sides’ coordinators mark, and hides the item from other counties', async () => {
    await env.makeUser('cx.viewer', 'cangxi.gov', ['viewer']);
    await env.makeUser('cx.leader', 'cangxi.gov', ['leader']);
    const results: Record<string, number> = {};
    for (const u of ['city.leader', 'cx.viewer', 'cx.leader', 'wangcang.coord', 'sysadmin']) {
      results[u] = (await agree(await env.login(u), ids[4])).status;
    }
    expect(results).toEqual({ 'city.leader': 403, 'cx.viewer': 403, 'cx.leader': 403, 'wangcang.coord': 404, sysadmin: 403 });
    expect((await env.anon('PUT', `/api/v1/items/${ids[4]}/agreement`, { agreed: true })).status).toBe(401);
    expect((await item(partner, ids[4])).agreement).toEqual({ host: null, partner: null });
    const bad = await partner.req('PUT', `/api/v1/items/${ids[4]}/agreement`, { agreed: 'yes' });
    expect(bad.status).toBe(400);
  });

  it('refuses marks outside negotiation', async () => {
    const wc = await env.login('wangcang.coord');
    const r = await agree(wc, 1);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONSULTATION_NOT_NEGOTIATING');
  });

  it('clears both marks when an agreed field changes, and keeps them for other fields', async () => {
    const before = await item(partner, ids[0]);
    const other = await partner.req('PATCH', `/api/v1/items/${ids[0]}`, { version: before.version, responsible: '刘洋' });
    expect(other.body.agreement.host.agreed && other.body.agreement.partner.agreed).toBe(true);
    const agreed = await partner.req('PATCH', `/api/v1/items/${ids[0]}`, { version: other.body.version, deadline: '2027-03-31' });
    expect(agreed.status).toBe(200);
    expect(agreed.body.agreement).toEqual({ host: null, partner: null });
  });
});

describe(`negotiation: versions (${dialect})`, () => {
  it('saves a version and compares it with the current list field by field', async () => {
    const { saved, addedId } = await firstDraftThenEdits();
    expect(saved).toMatchObject({ label: '第一稿', kind: 'manual', itemCount: 6, createdBy: '市局联络员（演示）' });
    const v1 = saved.id;

    const cmp = await partner.req('GET', `/api/v1/consultations/${C}/versions/compare?from=${v1}&to=current`);
    expect(cmp.status).toBe(200);
    expect(cmp.body.from).toMatchObject({ id: v1, label: '第一稿' });
    expect(cmp.body.to).toMatchObject({ id: null, label: '当前清单' });
    expect(cmp.body.added.map((i: { id: number }) => i.id)).toEqual([addedId]);
    expect(cmp.body.removed.map((i: { id: number }) => i.id)).toEqual([ids[5]]);
    expect(cmp.body.changed).toHaveLength(1);
    expect(cmp.body.changed[0].fields).toEqual([
      { field: 'title', from: '选派科技特派员服务猕猴桃产业', to: '选派科技特派员团队服务猕猴桃产业' },
      { field: 'fundingWan', from: 10, to: 15 },
    ]);
    expect(cmp.body.unchanged).toBe(4);
    const audit = await env.auditRows('consultation', C);
    expect(audit.some((a) => a.action === 'version.create' && a.after.label === '第一稿')).toBe(true);
  });

  it('compares two saved versions, and a version kept never changes', async () => {
    const v1 = (await firstDraftThenEdits()).saved.id;
    const v2 = (await partner.req('POST', `/api/v1/consultations/${C}/versions`, { label: '第二稿' })).body.id;
    const same = await host.req('GET', `/api/v1/consultations/${C}/versions/compare?from=${v2}&to=current`);
    expect(same.body).toMatchObject({ added: [], removed: [], changed: [], unchanged: 6 });
    const between = await host.req('GET', `/api/v1/consultations/${C}/versions/compare?from=${v1}&to=${v2}`);
    expect(between.body.changed).toHaveLength(1);
    const list = await host.req('GET', `/api/v1/consultations/${C}/versions`);
    expect(list.body.data.map((v: { label: string }) => v.label)).toEqual(['第二稿', '第一稿']);
  });

  it('answers bad and foreign version requests with 4xx', async () => {
    const v1 = (await host.req('POST', `/api/v1/consultations/${C}/versions`, { label: '第一稿' })).body.id;
    await env.makeUser('cx.viewer', 'cangxi.gov', ['viewer']);
    expect((await host.req('GET', `/api/v1/consultations/${C}/versions/compare?from=99999&to=current`)).status).toBe(404);
    expect((await host.req('GET', `/api/v1/consultations/${C}/versions/compare?from=${v1}&to=latest`)).status).toBe(400);
    expect((await host.req('POST', `/api/v1/consultations/${C}/versions`, { label: '' })).status).toBe(400);
    const wc = await env.login('wangcang.coord');
    expect((await wc.req('GET', `/api/v1/consultations/${C}/versions`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/versions/compare?from=${v1}&to=current`)).status).toBe(404);
    const viewer = await env.login('cx.viewer');
    expect((await viewer.req('GET', `/api/v1/consultations/${C}/versions`)).status).toBe(200);
    expect((await viewer.req('POST', `/api/v1/consultations/${C}/versions`, { label: '越权' })).status).toBe(403);
  });
});

describe(`negotiation: adoption (${dialect})`, () => {
  it('refuses adoption while items lack agreement, naming them, and a status edit cannot bypass it', async () => {
    const r = await host.req('POST', `/api/v1/consultations/${C}/adoption`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ITEMS_NOT_AGREED');
    expect(r.body.error.details.length).toBeGreaterThan(0);
    const c = (await host.req('GET', `/api/v1/consultations/${C}`)).body;
    const bypass = await host.req('PATCH', `/api/v1/consultations/${C}`, { status: 'adopted', version: c.version });
    expect(bypass.status).toBe(409);
    const state = await host.req('GET', `/api/v1/consultations/${C}/adoption`);
    expect(state.body).toMatchObject({ host: null, partner: null, adopted: false, status: 'negotiating' });
    expect(state.body.pendingItems).toBe(r.body.error.details.length);
  });

  it('withdraws a confirmation when the list changes after it', async () => {
    const list = (await host.req('GET', `/api/v1/consultations/${C}/items`)).body.data;
    await agreeAll();
    const first = await host.req('POST', `/api/v1/consultations/${C}/adoption`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ host: { by: '市局联络员（演示）' }, partner: null, adopted: false, pendingItems: 0 });
    await agree(partner, list[0].id, false, '再议');
    expect((await host.req('GET', `/api/v1/consultations/${C}/adoption`)).body.host).toBeNull();
    await agree(partner, list[0].id, true);
  });

  it('adopts once both coordinators confirm at the same time: one agreed version, status implementing', async () => {
    await agreeAll();
    const [a, b] = await Promise.all([host.req('POST', `/api/v1/consultations/${C}/adoption`), partner.req('POST', `/api/v1/consultations/${C}/adoption`)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const state = (await partner.req('GET', `/api/v1/consultations/${C}/adoption`)).body;
    expect(state).toMatchObject({ adopted: true, status: 'implementing', host: { by: '市局联络员（演示）' }, partner: { by: '苍溪县联络员（演示）' } });
    const versions = (await host.req('GET', `/api/v1/consultations/${C}/versions`)).body.data;
    const adopted = versions.filter((v: { kind: string }) => v.kind === 'adopted');
    expect(adopted).toHaveLength(1);
    expect(state.agreedVersionId).toBe(adopted[0].id);
    const audit = await env.auditRows('consultation', C);
    expect(audit.filter((x) => x.action === 'consultation.adopt')).toHaveLength(1);
    expect(audit.filter((x) => x.action === 'consultation.adoption_confirm').length).toBeGreaterThanOrEqual(2);
  });

  it('freezes the agreed fields after adoption', async () => {
    await adopt();
    const it0 = await item(partner, ids[0]);
    const r = await partner.req('PATCH', `/api/v1/items/${ids[0]}`, { version: it0.version, title: '改名' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ITEM_AGREED_LOCKED');
    expect((await agree(partner, ids[0], false)).status).toBe(409);
    expect((await host.req('POST', `/api/v1/consultations/${C}/adoption`)).status).toBe(409);
    expect((await item(partner, ids[0])).title).toBe(it0.title);
  });
});
