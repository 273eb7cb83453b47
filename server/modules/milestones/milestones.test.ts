import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let wc: Agent;
let nyj: Agent; // reporter of 县农业农村局, the lead unit of MICANG
let cx: Agent;
let leader: Agent;
let admin: Agent;
let jxkj: Agent; // reporter of another 旺苍 unit

const MICANG = '推动建设米仓山茶产业技术创新联盟';
const PATENT = '推动技术合同认定登记'; // lead 县经济信息化和科学技术局, no milestones, deadline in 36 days
const DONE = '支持旺苍农业科技园区提升建设';

async function itemId(title: string): Promise<number> {
  return (await env.db.selectFrom('items').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
}
async function milestoneCount(): Promise<number> {
  const r = await env.db
    .selectFrom('item_milestones')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  leader = await env.login('city.leader');
  admin = await env.login('sysadmin');
  await env.makeUser('wangcang.jxkj.rep', 'wangcang.jxkj', ['unit_reporter']);
  jxkj = await env.login('wangcang.jxkj.rep');
});
afterAll(() => env?.close());

describe(`milestones (${dialect})`, () => {
  it('lists an item’s milestones to every reader in scope, by due date, and hides them from other counties', async () => {
    const id = await itemId(MICANG);
    for (const reader of [city, wc, nyj, leader]) {
      const r = await reader.req('GET', `/api/v1/items/${id}/milestones`);
      expect(r.status, reader.username).toBe(200);
      expect(r.body.data).toMatchObject([{ title: '完成项目立项（演示）', dueOn: '2026-11-15', doneOn: null }]);
    }
    expect((await cx.req('GET', `/api/v1/items/${id}/milestones`)).status).toBe(404);
    expect((await admin.req('GET', `/api/v1/items/${id}/milestones`)).status).toBe(403);
    expect((await env.anon('GET', `/api/v1/items/${id}/milestones`)).status).toBe(401);
  });

  it('tells each reader whether they may keep the item’s milestones (can.write), as the writes decide', async () => {
    for (const [title, writers, readers] of [
      [PATENT, [city, wc, jxkj], [leader, nyj]],
      [MICANG, [city, wc, nyj], [leader, jxkj]],
    ] as const) {
      const id = await itemId(title);
      for (const a of writers) expect((await a.req('GET', `/api/v1/items/${id}/milestones`)).body.can, `${a.username} on ${title}`).toEqual({ write: true });
      for (const a of readers) expect((await a.req('GET', `/api/v1/items/${id}/milestones`)).body.can, `${a.username} on ${title}`).toEqual({ write: false });
    }
  });

  it('lets both coordinators and the lead unit’s reporter add milestones, audited; nobody else', async () => {
    const id = await itemId(PATENT);
    const before = await milestoneCount();
    expect((await env.anon('POST', `/api/v1/items/${id}/milestones`, { title: 'x', dueOn: '2026-12-01' })).status).toBe(401);
    for (const [agent, status] of [
      [leader, 403],
      [nyj, 403], // reporter, but not of this item's lead unit
      [admin, 403],
      [cx, 404],
    ] as const) {
      expect((await agent.req('POST', `/api/v1/items/${id}/milestones`, { title: '完成认定', dueOn: '2026-12-01' })).status, agent.username).toBe(status);
    }
    expect(await milestoneCount()).toBe(before);
    for (const [agent, title] of [
      [city, '市局督导'],
      [wc, '县级调度'],
      [jxkj, '完成技术合同登记培训'],
    ] as const) {
      const r = await agent.req('POST', `/api/v1/items/${id}/milestones`, { title, dueOn: '2026-12-20' });
      expect(r.status, agent.username).toBe(201);
      expect(r.body).toMatchObject({ itemId: id, title, dueOn: '2026-12-20', doneOn: null, version: 1 });
      expect(await env.auditRows('milestone', r.body.id)).toMatchObject([{ action: 'milestone.create', username: agent.username, after: { title, dueOn: '2026-12-20' } }]);
    }
  });

  it('rejects bad input and closed items with a clear code', async () => {
    const id = await itemId(PATENT);
    const before = await milestoneCount();
    // Created already done in the future is refused as marking it done later would be.
    for (const b of [
      { title: '', dueOn: '2026-12-01' },
      { title: 'x', dueOn: '2026-02-30' },
      { title: 'x' },
      { title: 'x', dueOn: '2026-12-01', extra: 1 },
      { title: 'x', dueOn: '2026-12-01', doneOn: '2026-11-26' },
    ]) {
      const r = await city.req('POST', `/api/v1/items/${id}/milestones`, b);
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    const closed = await city.req('POST', `/api/v1/items/${await itemId(DONE)}/milestones`, { title: 'x', dueOn: '2026-12-01' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('ITEM_CLOSED');
    expect(await milestoneCount()).toBe(before);
  });

  it('turns the light yellow when a milestone is overdue and green again when it is marked done', async () => {
    const id = await itemId(PATENT);
    expect((await wc.req('GET', `/api/v1/items/${id}`)).body.light).toBe('green');
    const m = await jxkj.req('POST', `/api/v1/items/${id}/milestones`, { title: '完成年度认定', dueOn: '2026-11-20' });
    expect(m.status).toBe(201);
    const yellow = (await wc.req('GET', `/api/v1/items/${id}`)).body;
    expect(yellow.light).toBe('yellow');
    expect(yellow.lightReasons).toEqual([{ code: 'milestone_overdue', message: '里程碑“完成年度认定”应于2026-11-20完成，已逾期5天' }]);
    const changed = await env.db.selectFrom('domain_events').select(['type', 'data_json']).where('item_id', '=', id).where('type', '=', 'item.light_changed').execute();
    expect(JSON.parse(changed.at(-1)!.data_json)).toMatchObject({ from: 'green', to: 'yellow', reasons: [{ code: 'milestone_overdue' }] });

    // Done in the future is not done; a stale version loses.
    const future = await jxkj.req('PATCH', `/api/v1/milestones/${m.body.id}`, { doneOn: '2026-12-01', version: 1 });
    expect(future.status).toBe(400);
    const done = await jxkj.req('PATCH', `/api/v1/milestones/${m.body.id}`, { doneOn: '2026-11-24', version: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ doneOn: '2026-11-24', version: 2 });
    expect((await jxkj.req('PATCH', `/api/v1/milestones/${m.body.id}`, { title: '旧版本', version: 1 })).status).toBe(409);
    expect((await wc.req('GET', `/api/v1/items/${id}`)).body.light).toBe('green');
    expect((await env.auditRows('milestone', m.body.id)).at(-1)).toMatchObject({ action: 'milestone.update', before: { doneOn: null }, after: { doneOn: '2026-11-24' } });
    for (const [agent, status] of [
      [leader, 403],
      [nyj, 403],
      [cx, 404],
    ] as const) {
      expect((await agent.req('PATCH', `/api/v1/milestones/${m.body.id}`, { title: 'x', version: 2 })).status, agent.username).toBe(status);
      expect((await agent.req('DELETE', `/api/v1/milestones/${m.body.id}?version=2`)).status, agent.username).toBe(status);
    }
    expect((await env.anon('DELETE', `/api/v1/milestones/${m.body.id}?version=2`)).status).toBe(401);
  });

  it('deletes with the version, audited', async () => {
    const id = await itemId(PATENT);
    const m = await city.req('POST', `/api/v1/items/${id}/milestones`, { title: '待删除', dueOn: '2026-12-30' });
    expect((await city.req('DELETE', `/api/v1/milestones/${m.body.id}?version=9`)).status).toBe(409);
    expect((await city.req('DELETE', `/api/v1/milestones/${m.body.id}`)).status).toBe(400);
    // Versions past an integer column's range are bad input, not a database error.
    expect((await city.req('DELETE', `/api/v1/milestones/${m.body.id}?version=99999999999`)).status).toBe(400);
    expect((await city.req('PATCH', `/api/v1/milestones/${m.body.id}`, { title: 'x', version: 99_999_999_999 })).status).toBe(400);
    const del = await city.req('DELETE', `/api/v1/milestones/${m.body.id}?version=1`);
    expect(del.status).toBe(200);
    expect((await env.auditRows('milestone', m.body.id)).map((a) => a.action)).toEqual(['milestone.create', 'milestone.delete']);
    expect((await city.req('PATCH', `/api/v1/milestones/${m.body.id}`, { title: 'x', version: 1 })).status).toBe(404);
  });
});
