import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

const NEWS = fs.readFileSync(path.resolve(import.meta.dirname, '../../../domain/fixtures/news-wangcang-2022.txt'), 'utf8');

let env: TestEnv;
let cx: Agent;
let wc: Agent;
let reporter: Agent;
let C: number;
let W: number;

beforeAll(async () => {
  env = await createTestEnv();
  cx = await env.login('cangxi.coord');
  wc = await env.login('wangcang.coord');
  reporter = await env.login('wangcang.nyj');
  C = env.consultations.cangxi;
  W = env.consultations.wangcang;
});
afterAll(() => env?.close());

async function listTitles(a: Agent, id: number): Promise<string[]> {
  const r = await a.req('GET', `/api/v1/consultations/${id}/items?limit=200`);
  expect(r.status).toBe(200);
  return (r.body.data as Array<{ title: string }>).map((i) => i.title);
}

describe(`a list drafted from pasted text (${dialect})`, () => {
  it('reads candidates out of a news article in traditional characters, for those who write lists', async () => {
    const before = await listTitles(cx, C);
    const traditional = NEWS.replace('共同推动“开展中低温地热资源综合利用研究”', '共同推動“開展中低溫地熱(rè)資源綜合利用研究”');
    const r = await cx.req('POST', '/api/v1/drafting/parse', { text: `點擊領取紅包 www.example.com\n${traditional}` });
    expect(r.status).toBe(200);
    const geo = r.body.candidates.find((c: { title: string }) => c.title === '开展中低温地热资源综合利用研究');
    expect(geo).toMatchObject({ category: 'joint_promotion', statedCount: 10, source: 'quoted' });
    expect(r.body.counts.find((c: { total: boolean }) => c.total)).toMatchObject({ value: 30 });
    expect(r.body.stats).toMatchObject({ droppedLines: 1, glossesRemoved: 1, converted: true });
    // Nothing was written (the file's tests run in any order, so compare with what was there).
    expect(await listTitles(cx, C)).toEqual(before);
  });

  it('asks who may before what was sent, and refuses what cannot be read', async () => {
    expect((await env.anon('POST', '/api/v1/drafting/parse', { text: NEWS })).status).toBe(401);
    expect((await reporter.req('POST', '/api/v1/drafting/parse', { text: NEWS })).status).toBe(403);
    expect((await reporter.req('POST', '/api/v1/drafting/parse', { text: 12 })).status).toBe(403);
    const tooLong = await cx.req('POST', '/api/v1/drafting/parse', { text: 'x'.repeat(200_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    for (const text of ['', '“”《》', 'NEAR(a b) OR "x" -y * : ( )', '\u0000']) {
      expect((await cx.req('POST', '/api/v1/drafting/parse', { text })).status).toBe(200);
    }
  });

  it('adds accepted candidates as draft items in one go, all or none', async () => {
    const before = await listTitles(cx, C);
    const items = [
      { title: '农业双碳循环经济示范', category: 'direct_support', domain: '农业农村' },
      { title: '开展中低温地热资源综合利用研究', category: 'joint_promotion', domain: '社会发展' },
      { title: '推动苍溪县争创省级创新型县', category: 'joint_pursuit', domain: '综合' },
    ];
    // One bad domain refuses the whole batch, naming the row.
    const bad = await cx.req('POST', `/api/v1/consultations/${C}/items/batch`, { items: [...items.slice(0, 2), { ...items[2], domain: '没有这个领域' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].field).toBe('body.items.2.domain');
    expect(await listTitles(cx, C)).toEqual(before);

    const ok = await cx.req('POST', `/api/v1/consultations/${C}/items/batch`, { items });
    expect(ok.status).toBe(201);
    expect(ok.body.data.map((i: { title: string; category: string; status: string }) => [i.title, i.category, i.status])).toEqual(
      items.map((i) => [i.title, i.category, 'not_started']),
    );
    const after = await listTitles(cx, C);
    expect(after).toHaveLength(before.length + 3);
    for (const i of items) expect(after).toContain(i.title);
    const audit = await env.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'item.create')
      .where(
        'entity_id',
        'in',
        ok.body.data.map((i: { id: number }) => i.id),
      )
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('adds nothing to a list that is not the caller’s or no longer open', async () => {
    const one = { items: [{ title: '开展猕猴桃品种选育研究', category: 'joint_promotion', domain: '农业农村' }] };
    expect((await wc.req('POST', `/api/v1/consultations/${C}/items/batch`, one)).status).toBe(404);
    expect((await reporter.req('POST', `/api/v1/consultations/${W}/items/batch`, one)).status).toBe(403);
    const locked = await wc.req('POST', `/api/v1/consultations/${W}/items/batch`, one);
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('CONSULTATION_LOCKED');
    expect((await cx.req('POST', `/api/v1/consultations/${C}/items/batch`, { items: [] })).status).toBe(400);
    const many = { items: Array.from({ length: 201 }, (_, i) => ({ title: `事项${i}`, category: 'joint_promotion' })) };
    expect((await cx.req('POST', `/api/v1/consultations/${C}/items/batch`, many)).status).toBe(400);
  });
});
