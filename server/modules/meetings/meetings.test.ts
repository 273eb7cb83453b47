import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent; // host coordinator: records meetings
let wc: Agent; // 旺苍 partner coordinator: reads
let cx: Agent; // 苍溪 partner coordinator: another county
let leader: Agent;
let viewer: Agent;
let nyj: Agent; // unit reporter in 旺苍
let admin: Agent;
let wangcang: number;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake image body for tests')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  leader = await env.login('city.leader');
  nyj = await env.login('wangcang.nyj');
  admin = await env.login('sysadmin');
  await env.makeUser('wangcang.viewer', 'wangcang.gov', ['viewer']);
  viewer = await env.login('wangcang.viewer');
});
afterAll(() => env?.close());

const listUrl = (id = wangcang) => `/api/v1/consultations/${id}/meetings`;

const sample = (venue = '市科技局三楼会议室') => ({
  heldOn: '2025-04-15',
  venue,
  attendees: [
    { name: '张明', orgName: '广元市科学技术局', title: '局长' },
    { name: '李华', orgName: '旺苍县人民政府', title: '副县长' },
  ],
  agenda: '一、审议局县会商事项清单\n二、确定推进机制',
  minutesHtml: '<p>会议审议通过了<strong>会商事项清单</strong>。</p><ul><li>市局直接支持事项10项</li></ul>',
});

async function create(body: Record<string, unknown> = sample()) {
  const r = await city.req('POST', listUrl(), body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function meetingCount(): Promise<number> {
  const r = await env.db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe(`meetings: record and read (${dialect})`, () => {
  it('lets the host coordinator record a meeting, audits it, and lists it newest first for every reader in scope', async () => {
    const a = await create();
    expect(a).toMatchObject({
      consultationId: wangcang,
      heldOn: '2025-04-15',
      venue: '市科技局三楼会议室',
      attendees: sample().attendees,
      agenda: sample().agenda,
      minutesHtml: sample().minutesHtml,
      version: 1,
      photos: [],
      createdBy: { id: expect.any(Number) },
    });
    const audit = await env.auditRows('meeting', a.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'meeting.create', username: 'city.coord', after: { venue: a.venue, heldOn: '2025-04-15' } });
    const b = await create({ ...sample('旺苍县政府会议室'), heldOn: '2025-06-01', agenda: undefined, minutesHtml: undefined });
    expect(b).toMatchObject({ agenda: '', minutesHtml: '' });

    for (const reader of [city, wc, leader, viewer, nyj]) {
      const list = await reader.req('GET', listUrl());
      expect(list.status, reader.username).toBe(200);
      const ids = list.body.data.map((m: { id: number }) => m.id);
      expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
      const one = await reader.req('GET', `/api/v1/meetings/${a.id}`);
      expect(one.status, reader.username).toBe(200);
      expect(one.body.attendees).toHaveLength(2);
    }
  });

  it('strips scripts, event handlers and javascript: links from the minutes', async () => {
    const payload =
      '<p onclick="alert(1)">正文<script>alert("x")</script></p><img src=x onerror="alert(2)"><style>p{color:red}</style>' +
      '<a href="javascript:alert(3)">坏链接</a><a href="https://kjj.cngy.gov.cn/" target="_blank" onmouseover="x()">好链接</a>' +
      '<iframe src="https://evil.example"></iframe><h3 style="color:red">三、议定事项</h3><table><tbody><tr><td>1</td></tr></tbody></table>';
    const m = await create({ ...sample(), minutesHtml: payload });
    for (const bad of ['<script', 'alert', 'onerror', 'onclick', 'onmouseover', 'javascript:', '<img', '<style', 'style=', '<iframe', 'target=']) {
      expect(m.minutesHtml, bad).not.toContain(bad);
    }
    expect(m.minutesHtml).toContain('<p>正文</p>');
    expect(m.minutesHtml).toContain('<a href="https://kjj.cngy.gov.cn/">好链接</a>');
    expect(m.minutesHtml).toContain('<h3>三、议定事项</h3>');
    expect(m.minutesHtml).toContain('<td>1</td>');
    // Stored sanitised: a later read returns the same clean text, and so does an update.
    expect((await wc.req('GET', `/api/v1/meetings/${m.id}`)).body.minutesHtml).toBe(m.minutesHtml);
    const u = await city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, minutesHtml: '<p>改<script>alert(1)</script></p><a href="javascript:void(0)">x</a>' });
    expect(u.status).toBe(200);
    expect(u.body.minutesHtml).toBe('<p>改</p><a>x</a>');
    // The browser's own bold and italic keep their meaning; empty paragraphs go.
    const b = await city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 2, minutesHtml: '<p><b>加粗</b><i>倾斜</i></p><p></p><div>无格式</div>' });
    expect(b.body.minutesHtml).toBe('<p><strong>加粗</strong><em>倾斜</em></p>无格式');
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const before = await meetingCount();
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `人员${i}`, orgName: '单位', title: '' }));
    const bad = [
      { ...sample(), heldOn: '2025-02-30' },
      { ...sample(), heldOn: '2025/04/15' },
      { ...sample(), venue: '  ' },
      { ...sample(), attendees: [] },
      { ...sample(), attendees: many },
      { ...sample(), attendees: [{ name: '', orgName: '单位', title: '' }] },
      { ...sample(), attendees: [{ name: '张明', title: '局长' }] },
      { ...sample(), extra: 1 },
      { venue: '缺少日期', attendees: sample().attendees },
    ];
    for (const b of bad) {
      const r = await city.req('POST', listUrl(), b);
      expect(r.status, JSON.stringify(b).slice(0, 80)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    const m = await create();
    const noVersion = await city.req('PATCH', `/api/v1/meetings/${m.id}`, { venue: '新地点' });
    expect(noVersion.status).toBe(400);
    const badPatch = await city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, attendees: [] });
    expect(badPatch.status).toBe(400);
    expect(await meetingCount()).toBe(before + 1);
    expect((await city.req('GET', `/api/v1/meetings/${m.id}`)).body).toMatchObject({ venue: m.venue, version: 1 });
  });

  it('lets only the host coordinator write; other county 404; admins 403; anonymous 401; missing CSRF 403', async () => {
    const m = await create();
    const before = await meetingCount();
    for (const a of [wc, leader, viewer, nyj]) {
      const r = await a.req('POST', listUrl(), sample('不该登记'));
      expect(r.status, a.username).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
      const p = await a.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: '不该修改' });
      expect(p.status, a.username).toBe(403);
      expect((await a.upload(`/api/v1/meetings/${m.id}/photos`, { filename: 'a.png', content: PNG })).status).toBe(403);
    }
    // Another county: neither the consultation nor its meetings exist for them.
    expect((await cx.req('GET', listUrl())).status).toBe(404);
    expect((await cx.req('POST', listUrl(), sample('不该登记'))).status).toBe(404);
    expect((await cx.req('GET', `/api/v1/meetings/${m.id}`)).status).toBe(404);
    expect((await cx.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: 'x' })).status).toBe(404);
    expect((await cx.upload(`/api/v1/meetings/${m.id}/photos`, { filename: 'a.png', content: PNG })).status).toBe(404);
    expect((await city.req('GET', '/api/v1/meetings/999999')).status).toBe(404);
    expect((await city.req('GET', listUrl(999999))).status).toBe(404);
    for (const [method, url, body] of [
      ['GET', listUrl(), undefined],
      ['POST', listUrl(), sample('不该登记')],
      ['GET', `/api/v1/meetings/${m.id}`, undefined],
      ['PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: '不该修改' }],
    ] as const) {
      expect((await admin.req(method, url, body)).status, `${method} ${url}`).toBe(403);
      expect((await env.anon(method, url, body)).status, `${method} ${url}`).toBe(401);
    }
    expect((await admin.upload(`/api/v1/meetings/${m.id}/photos`, { filename: 'a.png', content: PNG })).status).toBe(403);
    const noCsrf = await city.req('POST', listUrl(), sample('不该登记'), { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_INVALID');
    const noCsrfPatch = await city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: 'x' }, { 'x-csrf-token': '' });
    expect(noCsrfPatch.status).toBe(403);
    expect(await meetingCount()).toBe(before);
    const fresh = await city.req('GET', `/api/v1/meetings/${m.id}`);
    expect(fresh.body).toMatchObject({ venue: m.venue, version: 1 });
    expect(await env.auditRows('meeting', m.id)).toHaveLength(1);
  });

  it('works in any status but closed', async () => {
    // 苍溪 is still negotiating: a meeting can be recorded there too.
    const r = await city.req('POST', listUrl(env.consultations.cangxi), sample('苍溪县会议室'));
    expect(r.status).toBe(201);
    await env.db.updateTable('consultations').set({ status: 'closed' }).where('id', '=', env.consultations.cangxi).execute();
    try {
      const before = await meetingCount();
      const c = await city.req('POST', listUrl(env.consultations.cangxi), sample('结束后'));
      expect(c.status).toBe(409);
      expect(c.body.error.code).toBe('CONSULTATION_LOCKED');
      const p = await city.req('PATCH', `/api/v1/meetings/${r.body.id}`, { version: 1, venue: '结束后' });
      expect(p.status).toBe(409);
      expect(p.body.error.code).toBe('CONSULTATION_LOCKED');
      expect((await city.upload(`/api/v1/meetings/${r.body.id}/photos`, { filename: 'a.png', content: PNG })).status).toBe(409);
      expect(await meetingCount()).toBe(before);
      // Still readable once closed.
      expect((await city.req('GET', `/api/v1/meetings/${r.body.id}`)).body.venue).toBe('苍溪县会议室');
    } finally {
      await env.db.updateTable('consultations').set({ status: 'negotiating' }).where('id', '=', env.consultations.cangxi).execute();
    }
  });
});

describe(`meetings: edit with versions (${dialect})`, () => {
  it('updates with the current version, audits the change, and refuses a stale version with 409', async () => {
    const m = await create();
    const u = await city.req('PATCH', `/api/v1/meetings/${m.id}`, {
      version: 1,
      venue: '旺苍县政府二楼会议室',
      attendees: [...m.attendees, { name: '王强', orgName: '旺苍县科技局', title: '局长' }],
    });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body).toMatchObject({ venue: '旺苍县政府二楼会议室', version: 2, heldOn: m.heldOn, agenda: m.agenda });
    expect(u.body.attendees).toHaveLength(3);
    const audit = await env.auditRows('meeting', m.id);
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.update']);
    expect(audit[1]).toMatchObject({ username: 'city.coord', before: { venue: m.venue }, after: { venue: '旺苍县政府二楼会议室' } });

    const stale = await city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: '过期的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const now = await city.req('GET', `/api/v1/meetings/${m.id}`);
    expect(now.body).toMatchObject({ venue: '旺苍县政府二楼会议室', version: 2 });
    expect(await env.auditRows('meeting', m.id)).toHaveLength(2);
  });

  it('lets exactly one of two simultaneous edits of one version through', async () => {
    const m = await create();
    const city2 = await env.login('city.coord');
    const results = await Promise.all([
      city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: '甲' }),
      city2.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: '乙' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const now = await city.req('GET', `/api/v1/meetings/${m.id}`);
    expect(now.body).toMatchObject({ venue: winner.body.venue, version: 2 });
    expect(await env.auditRows('meeting', m.id)).toHaveLength(2);
  });
});

describe(`meetings: photos (${dialect})`, () => {
  it('stores an image for the host coordinator and serves it to every reader in scope only', async () => {
    const m = await create();
    const up = await city.upload(`/api/v1/meetings/${m.id}/photos`, { filename: '会场.png', content: PNG, contentType: 'image/png' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ filename: '会场.png', mime: 'image/png', url: `/api/v1/attachments/${up.body.id}` });
    const audit = await env.auditRows('attachment', up.body.id);
    expect(audit[0]).toMatchObject({ action: 'attachment.create', after: { ownerType: 'meeting', ownerId: m.id } });
    const detail = await wc.req('GET', `/api/v1/meetings/${m.id}`);
    expect(detail.body.photos.map((p: { id: number }) => p.id)).toEqual([up.body.id]);
    for (const reader of [city, wc, leader, viewer, nyj]) {
      const file = await reader.req('GET', up.body.url);
      expect(file.status, reader.username).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
    }
    expect((await cx.req('GET', up.body.url)).status).toBe(404);
    expect((await admin.req('GET', up.body.url)).status).toBe(403);
    expect((await env.anon('GET', up.body.url)).status).toBe(401);
  });

  it('refuses a file that is not an image with 415 and stores nothing', async () => {
    const m = await create();
    const pdf = await city.upload(`/api/v1/meetings/${m.id}/photos`, { filename: '纪要.pdf', content: PDF, contentType: 'application/pdf' });
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // A renamed non-image is caught by its bytes.
    const fake = await city.upload(`/api/v1/meetings/${m.id}/photos`, { filename: '会场.png', content: PDF, contentType: 'image/png' });
    expect(fake.status).toBe(415);
    const noExt = await city.upload(`/api/v1/meetings/${m.id}/photos`, { filename: 'photo', content: PNG });
    expect(noExt.status).toBe(415);
    const noCsrf = await city.upload(`/api/v1/meetings/${m.id}/photos`, { filename: 'a.png', content: PNG }, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect((await city.req('GET', `/api/v1/meetings/${m.id}`)).body.photos).toEqual([]);
  });
});

describe(`meetings: delete (${dialect})`, () => {
  const del = (a: Agent, id: number, version: number | string = 1) => a.req('DELETE', `/api/v1/meetings/${id}?version=${version}`);
  const storedFiles = () =>
    fs.existsSync(env.filesDir)
      ? fs
          .readdirSync(env.filesDir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
      : [];

  it('lets the host coordinator delete a record with its photos (rows and files), audited', async () => {
    const m = await create(sample('重复登记的会议'));
    const up = await city.upload(`/api/v1/meetings/${m.id}/photos`, { filename: '会场.png', content: PNG, contentType: 'image/png' });
    expect(up.status).toBe(201);
    const key = (await env.db.selectFrom('attachments').select('storage_key').where('id', '=', up.body.id).executeTakeFirstOrThrow()).storage_key;
    expect(storedFiles().some((f) => f.endsWith(key))).toBe(true);

    const r = await del(city, m.id, m.version);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ ok: true });
    expect((await city.req('GET', `/api/v1/meetings/${m.id}`)).status).toBe(404);
    expect((await wc.req('GET', listUrl())).body.data.map((x: { id: number }) => x.id)).not.toContain(m.id);
    expect(await env.db.selectFrom('attachments').select('id').where('owner_type', '=', 'meeting').where('owner_id', '=', m.id).execute()).toHaveLength(0);
    expect(storedFiles().some((f) => f.endsWith(key))).toBe(false);
    expect((await wc.req('GET', up.body.url)).status).toBe(404);
    const audit = await env.auditRows('meeting', m.id);
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.delete']);
    expect(audit[1]).toMatchObject({ username: 'city.coord', before: { venue: '重复登记的会议', photos: [{ id: up.body.id, filename: '会场.png' }] }, after: null });
    expect((await del(city, m.id, m.version)).status).toBe(404);
  });

  it('lets only the host coordinator delete; other county 404; admins 403; anonymous 401; missing CSRF 403', async () => {
    const m = await create(sample('权限测试会议'));
    const results: Record<string, number> = {};
    for (const a of [wc, leader, viewer, nyj, admin, cx]) results[a.username] = (await del(a, m.id)).status;
    expect(results).toEqual({ 'wangcang.coord': 403, 'city.leader': 403, 'wangcang.viewer': 403, 'wangcang.nyj': 403, sysadmin: 403, 'cangxi.coord': 404 });
    expect((await env.anon('DELETE', `/api/v1/meetings/${m.id}?version=1`)).status).toBe(401);
    expect((await env.anon('DELETE', `/api/v1/meetings/${m.id}?version=1`, undefined, { cookie: city.cookie })).status).toBe(403);
    expect((await city.req('GET', `/api/v1/meetings/${m.id}`)).status).toBe(200);
    expect((await env.auditRows('meeting', m.id)).map((a) => a.action)).toEqual(['meeting.create']);
  });

  it("asks for the version read: missing or malformed 400, stale 409, and keeps a closed consultation's records", async () => {
    const m = await create(sample('版本测试会议'));
    expect((await city.req('DELETE', `/api/v1/meetings/${m.id}`)).status).toBe(400);
    expect((await del(city, m.id, 'abc')).status).toBe(400);
    expect((await city.req('PATCH', `/api/v1/meetings/${m.id}`, { version: 1, venue: '改过的会场' })).status).toBe(200);
    const stale = await del(city, m.id, 1);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await city.req('GET', `/api/v1/meetings/${m.id}`)).body.venue).toBe('改过的会场');

    await env.db.updateTable('consultations').set({ status: 'closed' }).where('id', '=', wangcang).execute();
    try {
      const locked = await del(city, m.id, 2);
      expect(locked.status).toBe(409);
      expect(locked.body.error.code).toBe('CONSULTATION_LOCKED');
    } finally {
      await env.db.updateTable('consultations').set({ status: 'implementing' }).where('id', '=', wangcang).execute();
    }
    expect((await city.req('GET', `/api/v1/meetings/${m.id}`)).status).toBe(200);
  });

  it('lets exactly one of two simultaneous deletions (or a deletion and an edit) through', async () => {
    const m = await create(sample('并发删除'));
    const [a, b] = await Promise.all([del(city, m.id, 1), del(city, m.id, 1)]);
    // The loser either finds the record gone (404) or loses the version guard (409).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    expect((await env.auditRows('meeting', m.id)).filter((x) => x.action === 'meeting.delete')).toHaveLength(1);

    const n = await create(sample('删除与修改并发'));
    const [d, e] = await Promise.all([del(city, n.id, 1), city.req('PATCH', `/api/v1/meetings/${n.id}`, { version: 1, venue: '并发修改' })]);
    expect([d.status, e.status].filter((s) => s === 200)).toHaveLength(1);
  });
});
