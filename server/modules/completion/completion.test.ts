import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sm3BufferHex } from '../../platform/crypto.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent; // host coordinator: reviews
let leader: Agent;
let wc: Agent; // 旺苍 partner coordinator: may request on the unit's behalf
let nyj: Agent; // reporter of the lead unit
let other: Agent; // a reporter of another 旺苍 unit
let cx: Agent; // another county
let admin: Agent;
let items: number[]; // open items of the adopted 旺苍 list led by 旺苍县农业农村局 or not

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake image body for tests')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

interface Part {
  name: string;
  value?: string;
  filename?: string;
  content?: Buffer;
}

/** multipart/form-data with fields and any number of files, as a browser's FormData sends it. */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----hsEvidence${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = p.filename
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), p.filename ? p.content! : Buffer.from(p.value ?? '', 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function post(a: Agent | null, itemId: number, parts: Part[]) {
  const { payload, contentType } = multipart(parts);
  const headers: Record<string, string> = { 'content-type': contentType, ...(a ? { cookie: a.cookie, 'x-csrf-token': a.csrf } : {}) };
  const res = await env.app.inject({ method: 'POST', url: `/api/v1/items/${itemId}/completion`, payload, headers });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

const evidence = (summary = '项目已通过验收，附验收报告与现场照片'): Part[] => [
  { name: 'summary', value: summary },
  { name: 'file', filename: '验收报告.pdf', content: PDF },
  { name: 'file', filename: '现场.png', content: PNG },
];

async function count(table: 'completion_requests' | 'attachments'): Promise<number> {
  const r = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function item(id: number) {
  return env.db.selectFrom('items').select(['status', 'progress', 'closed_on', 'light', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
}

// Requests and reviews close items: each test starts from a fresh copy of the demo.
beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  await env.makeUser('wangcang.other', 'wangcang.jxkj', ['unit_reporter']);
  other = await env.login('wangcang.other');
  const rows = await env.db
    .selectFrom('items')
    .select(['id', 'lead_unit_id'])
    .where('consultation_id', '=', env.consultations.wangcang)
    .where('status', 'not in', ['completed', 'cancelled'])
    .orderBy('id')
    .execute();
  const ours = rows.filter((r) => r.lead_unit_id === env.orgs['wangcang.nyj']).map((r) => r.id);
  // Every test item is led by 旺苍县农业农村局, so its reporter may ask to close it.
  items = [...ours, ...rows.filter((r) => !ours.includes(r.id)).map((r) => r.id)].slice(0, 6);
  await env.db.updateTable('items').set({ lead_unit_id: env.orgs['wangcang.nyj'] }).where('id', 'in', items).execute();
});
afterEach(() => env?.close());

describe(`completion: request (${dialect})`, () => {
  it('turns away a request without evidence, from outside the lead unit, or on a list not adopted; nothing changes', async () => {
    const id = items[0];
    const before = [await count('completion_requests'), await count('attachments')];
    expect((await post(null, id, evidence())).status).toBe(401);
    for (const [who, status] of [
      [city, 403],
      [leader, 403],
      [other, 403],
      [cx, 404],
      [admin, 403],
    ] as const) {
      expect((await post(who, id, evidence())).status, who.username).toBe(status);
    }
    const json = await nyj.req('POST', `/api/v1/items/${id}/completion`, { summary: '已完成' });
    expect(json.status).toBe(422);
    expect(json.body.error.code).toBe('EVIDENCE_REQUIRED');
    const noFile = await post(nyj, id, [{ name: 'summary', value: '已完成' }]);
    expect(noFile.status).toBe(422);
    expect(noFile.body.error.code).toBe('EVIDENCE_REQUIRED');
    const noSummary = await post(nyj, id, [{ name: 'file', filename: 'a.pdf', content: PDF }]);
    expect(noSummary.status).toBe(400);
    const badType = await post(nyj, id, [
      { name: 'summary', value: '已完成' },
      { name: 'file', filename: 'a.pdf', content: Buffer.from('MZ not a pdf') },
    ]);
    expect(badType.status).toBe(415);
    const cangxiItem = await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.cangxi).executeTakeFirstOrThrow();
    const unadopted = await post(cx, cangxiItem.id, evidence());
    expect(unadopted.body.error.code).toBe('ITEM_NOT_ADOPTED');
    expect([await count('completion_requests'), await count('attachments')]).toEqual(before);
    // Files staged before the request was turned away are gone, not left half-written.
    const tmp = path.join(env.filesDir, 'tmp');
    expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
  });

  it('records the request with its evidence, audit rows and event; the files download for readers in scope only', async () => {
    const id = items[0];
    const r = await post(nyj, id, evidence());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      itemId: id,
      status: 'pending',
      summary: '项目已通过验收，附验收报告与现场照片',
      requestedBy: { displayName: '旺苍县农业农村局承办人（演示）' },
      reviewedBy: null,
    });
    expect(r.body.evidence.map((e: { filename: string }) => e.filename)).toEqual(['验收报告.pdf', '现场.png']);
    const audit = await env.auditRows('completion_request', r.body.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'completion.request', username: 'wangcang.nyj', after: expect.objectContaining({ status: 'pending', itemId: id }) })]);
    const fileAudit = await env.auditRows('attachment', r.body.evidence[1].id);
    expect(fileAudit[0]).toMatchObject({ action: 'attachment.create', after: { ownerType: 'completion', ownerId: r.body.id, sm3: sm3BufferHex(PNG) } });
    const ev = await env.db.selectFrom('domain_events').select('type').where('entity_type', '=', 'completion_request').where('entity_id', '=', r.body.id).execute();
    expect(ev.map((e) => e.type)).toEqual(['completion.requested']);

    const file = r.body.evidence[0].url;
    for (const reader of [city, wc, nyj, leader]) {
      const res = await env.app.inject({ method: 'GET', url: file, headers: { cookie: reader.cookie } });
      expect(res.statusCode, reader.username).toBe(200);
      expect(res.rawPayload.equals(PDF)).toBe(true);
    }
    expect((await env.app.inject({ method: 'GET', url: file, headers: { cookie: cx.cookie } })).statusCode).toBe(404);

    const again = await post(wc, id, evidence());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('COMPLETION_PENDING');
    const list = await wc.req('GET', `/api/v1/items/${id}/completion`);
    expect(list.body.data).toHaveLength(1);
    expect((await cx.req('GET', `/api/v1/items/${id}/completion`)).status).toBe(404);
  });

  it('keeps one pending request per item when two arrive at once', async () => {
    const id = items[3];
    const both = await Promise.all([post(nyj, id, evidence('甲')), post(wc, id, evidence('乙'))]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe('COMPLETION_PENDING');
    const rows = await env.db.selectFrom('completion_requests').select('id').where('item_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const files = await env.db.selectFrom('attachments').select('id').where('owner_type', '=', 'completion').where('owner_id', '=', rows[0].id).execute();
    expect(files).toHaveLength(2);
  });

  it('lets the partner coordinator ask on the unit’s behalf', async () => {
    const r = await post(wc, items[1], evidence('县里代为申请办结'));
    expect(r.status).toBe(201);
    expect(r.body.requestedBy.displayName).toBe('旺苍县联络员（演示）');
  });
});

describe(`completion: review (${dialect})`, () => {
  it('lets only the host coordinator review; a return needs a reason and leaves the item open', async () => {
    const id = items[1];
    const url = `/api/v1/items/${id}/completion/review`;
    expect((await post(wc, id, evidence('县里代为申请办结'))).status).toBe(201);
    expect((await env.anon('POST', url, { approve: true })).status).toBe(401);
    for (const [who, status] of [
      [nyj, 403],
      [wc, 403],
      [leader, 403],
      [cx, 404],
      [admin, 403],
    ] as const) {
      expect((await who.req('POST', url, { approve: true })).status, who.username).toBe(status);
    }
    const noReason = await city.req('POST', url, { approve: false });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const before = await item(id);
    const returned = await city.req('POST', url, { approve: false, note: '缺少验收专家意见' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', reviewNote: '缺少验收专家意见', reviewedBy: { displayName: '市局联络员（演示）' } });
    expect(await item(id)).toEqual(before);
    expect((await env.auditRows('completion_request', returned.body.id)).at(-1)).toMatchObject({ action: 'completion.return', username: 'city.coord' });
    const none = await city.req('POST', url, { approve: true });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('COMPLETION_NOT_PENDING');
    // Returned, the unit may ask again.
    expect((await post(nyj, id, evidence('补充了专家意见'))).status).toBe(201);
  });

  it('approves: the item is completed, at 100 %, closed today, its light out — and closed to further requests', async () => {
    const id = items[0];
    expect((await post(nyj, id, evidence())).status).toBe(201);
    const r = await city.req('POST', `/api/v1/items/${id}/completion/review`, { approve: true, note: '同意销号' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'approved', reviewNote: '同意销号' });
    expect(await item(id)).toMatchObject({ status: 'completed', progress: 100, closed_on: '2026-11-25', light: 'none' });
    const itemAudit = await env.auditRows('item', id);
    expect(itemAudit.at(-1)).toMatchObject({ action: 'item.update', username: 'city.coord', after: { status: 'completed', progress: 100, closedOn: '2026-11-25' } });
    expect((await env.auditRows('completion_request', r.body.id)).at(-1)).toMatchObject({ action: 'completion.approve' });
    const ev = await env.db.selectFrom('domain_events').select('type').where('entity_type', '=', 'completion_request').where('entity_id', '=', r.body.id).orderBy('id').execute();
    expect(ev.map((e) => e.type)).toEqual(['completion.requested', 'completion.approved']);
    const closed = await post(nyj, id, evidence());
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('ITEM_CLOSED');
  });

  it('lets one of two simultaneous reviewers win; the other gets 409 and the item closes once', async () => {
    const id = items[2];
    expect((await post(nyj, id, evidence())).status).toBe(201);
    const open = (await item(id)).status;
    await env.makeUser('city.coord2', 'bureau', ['host_coordinator']);
    const city2 = await env.login('city.coord2');
    const both = await Promise.all([
      city.req('POST', `/api/v1/items/${id}/completion/review`, { approve: true }),
      city2.req('POST', `/api/v1/items/${id}/completion/review`, { approve: false, note: '材料不全' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = both.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe('COMPLETION_NOT_PENDING');
    const decided = await env.db.selectFrom('completion_requests').select('status').where('item_id', '=', id).execute();
    expect(decided).toHaveLength(1);
    const winner = both.find((r) => r.status === 200)!;
    expect((await item(id)).status).toBe(winner.body.status === 'approved' ? 'completed' : open);
    const decisions = (await env.auditRows('completion_request', winner.body.id)).filter((a) => a.action !== 'completion.request');
    expect(decisions).toHaveLength(1);
  });
});
