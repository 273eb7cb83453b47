import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let W: number; // 旺苍: adopted, being implemented
let C: number; // 苍溪: still in negotiation

beforeEach(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  W = env.consultations.wangcang;
  C = env.consultations.cangxi;
});
afterEach(() => env?.close());

const pubUrl = (id: number) => `/api/v1/consultations/${id}/publication`;

async function publish(id: number, keywords: string[] = ['科技会商', '旺苍'], a: Agent = city) {
  const state = await a.req('GET', pubUrl(id));
  return a.req('PUT', pubUrl(id), { published: true, keywords, version: state.body.version });
}

/** Every public URL a reader can reach for the consultations at hand. */
function publicUrls(ids: number[]): string[] {
  return [
    '/api/v1/public/consultations',
    '/api/v1/public/consultations?keyword=%E6%97%BA%E8%8B%8D',
    '/api/v1/public/updates',
    ...ids.flatMap((id) => [`/api/v1/public/consultations/${id}`, `/api/v1/public/updates?consultationId=${id}`]),
  ];
}

/** Every key and string value in a JSON document. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, '').trim();

/** What must never reach the public: people, internal words, report texts, files, what is not published. */
async function secrets(): Promise<string[]> {
  const db = env.db;
  const users = await db.selectFrom('users').select(['username', 'display_name', 'phone', 'email']).execute();
  const items = await db.selectFrom('items').select(['responsible', 'title', 'consultation_id']).execute();
  const comments = await db.selectFrom('item_comments').select('body').execute();
  const reports = await db.selectFrom('progress_reports').select(['progress_html', 'problems', 'next_steps', 'review_note']).execute();
  const rounds = await db.selectFrom('progress_report_rounds').select('decision_note').execute();
  const completions = await db.selectFrom('completion_requests').select('review_note').execute();
  const files = await db.selectFrom('attachments').select('filename').execute();
  const unpublished = await db
    .selectFrom('consultations as c')
    .leftJoin('consultation_publications as p', 'p.consultation_id', 'c.id')
    .select(['c.id', 'c.title'])
    .where((eb) => eb.or([eb('p.published_at', 'is', null), eb('c.status', 'in', ['draft', 'negotiating'])]))
    .execute();
  const hidden = new Set(unpublished.map((u) => u.id));
  const list = [
    ...users.flatMap((u) => [u.username, u.display_name, u.phone, u.email]),
    ...items.map((i) => i.responsible),
    ...items.filter((i) => hidden.has(i.consultation_id)).map((i) => i.title),
    ...comments.map((c) => c.body),
    ...reports.flatMap((r) => [stripTags(r.progress_html), r.problems, r.next_steps, r.review_note]),
    ...rounds.map((r) => r.decision_note),
    ...completions.map((c) => c.review_note),
    ...files.map((f) => f.filename),
    ...unpublished.map((u) => u.title),
  ];
  return [...new Set(list.filter((s): s is string => typeof s === 'string' && s.trim().length >= 2).map((s) => s.trim()))];
}

const FORBIDDEN_KEYS = [
  'responsible',
  'phone',
  'email',
  'username',
  'displayName',
  'author',
  'authorId',
  'comments',
  'attachments',
  'files',
  'fundingYuan',
  'reviewNote',
  'problems',
  'nextSteps',
  'progressHtml',
  'agreement',
  'agreements',
  'versions',
];

async function assertNothingLeaks(ids: number[]) {
  const bad = await secrets();
  expect(bad.length).toBeGreaterThan(20);
  for (const url of publicUrls(ids)) {
    const r = await env.anon('GET', url);
    const all = strings(r.body);
    for (const key of FORBIDDEN_KEYS) expect(all, `${url} carries the key ${key}`).not.toContain(key);
    for (const s of bad) {
      const hit = all.find((x) => x.includes(s));
      expect(hit, `${url} reveals ${JSON.stringify(s)}`).toBeUndefined();
    }
  }
}

describe(`public page: the host's switch (${dialect})`, () => {
  it('shows the host coordinator the state, and who else may not switch it', async () => {
    const r = await city.req('GET', pubUrl(W));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ consultationId: W, published: false, publishedAt: null, keywords: [], version: 0, canPublish: true, refusal: null, itemCount: 30 });
    const wc = await env.login('wangcang.coord');
    expect((await wc.req('GET', pubUrl(W))).body).toMatchObject({ canPublish: false });
    expect((await city.req('GET', pubUrl(C))).body).toMatchObject({ canPublish: true, refusal: '清单议定后才能公开' });
    // Out of scope looks like missing.
    const cx = await env.login('cangxi.coord');
    expect((await cx.req('GET', pubUrl(W))).status).toBe(404);
    expect((await env.anon('GET', pubUrl(W))).status).toBe(401);
  });

  it('refuses everyone but the host coordinator, before reading the input', async () => {
    const body = { published: true, keywords: [], version: 0 };
    expect((await env.anon('PUT', pubUrl(W), body)).status).toBe(401);
    for (const u of ['wangcang.coord', 'wangcang.nyj', 'city.leader', 'sysadmin', 'auditadmin']) {
      const a = await env.login(u);
      const r = await a.req('PUT', pubUrl(W), body);
      expect(r.status, u).toBe(403);
    }
    const cx = await env.login('cangxi.coord');
    expect([403, 404]).toContain((await cx.req('PUT', pubUrl(W), body)).status);
    expect((await env.anon('GET', `/api/v1/public/consultations/${W}`)).status).toBe(404);
  });

  it('publishes only an adopted list; a negotiation stays internal', async () => {
    const r = await publish(C);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'INVALID_TRANSITION', message: '清单议定后才能公开' });
    expect((await env.anon('GET', `/api/v1/public/consultations/${C}`)).status).toBe(404);
  });

  it('turns bad input away with a 400 and a stale version with a 409', async () => {
    const bad = [
      { published: true, keywords: ['<script>'], version: 0 },
      { published: true, keywords: ['a', 'a'], version: 0 },
      { published: true, keywords: Array.from({ length: 9 }, (_, i) => `词${i}`), version: 0 },
      { published: true, keywords: ['x'.repeat(21)], version: 0 },
      { published: 'yes', keywords: [], version: 0 },
      { published: true, keywords: [] },
      { published: true, keywords: [], version: 0, extra: 1 },
    ];
    for (const b of bad) expect((await city.req('PUT', pubUrl(W), b)).status, JSON.stringify(b)).toBe(400);
    expect((await city.req('PUT', pubUrl(W), { published: true, keywords: [], version: 3 })).status).toBe(409);
    expect((await publish(W)).status).toBe(200);
    expect((await city.req('PUT', pubUrl(W), { published: false, keywords: [], version: 0 })).status).toBe(409);
    expect((await city.req('PUT', '/api/v1/consultations/abc/publication', { published: true, keywords: [], version: 0 })).status).toBe(400);
  });

  it('publishes and takes down, each audited, keeping the first publication date while keywords change', async () => {
    const on = await publish(W, ['科技会商']);
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ published: true, keywords: ['科技会商'], version: 1 });
    const first = on.body.publishedAt as string;
    env.clock.advance(60_000);
    const again = await city.req('PUT', pubUrl(W), { published: true, keywords: ['科技会商', '猕猴桃'], version: 1 });
    expect(again.body).toMatchObject({ published: true, publishedAt: first, keywords: ['科技会商', '猕猴桃'], version: 2 });
    const off = await city.req('PUT', pubUrl(W), { published: false, keywords: ['科技会商', '猕猴桃'], version: 2 });
    expect(off.body).toMatchObject({ published: false, publishedAt: null, version: 3 });
    const audit = (await env.auditRows('consultation', W)).filter((a) => a.action.endsWith('publish'));
    expect(audit.map((a) => [a.action, a.username])).toEqual([
      ['consultation.publish', 'city.coord'],
      ['consultation.publish', 'city.coord'],
      ['consultation.unpublish', 'city.coord'],
    ]);
    expect(audit[0]).toMatchObject({ before: { published: false, keywords: [] }, after: { published: true, keywords: ['科技会商'] } });
  });
});

describe(`public page: what a reader gets (${dialect})`, () => {
  it('lists nothing before anything is published', async () => {
    const r = await env.anon('GET', '/api/v1/public/consultations');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ consultations: [], keywords: [] });
    expect((await env.anon('GET', '/api/v1/public/updates')).body).toEqual({ data: [] });
    expect((await env.anon('GET', `/api/v1/public/updates?consultationId=${W}`)).status).toBe(404);
  });

  it('gives the adopted list by category with progress, and recent updates newest first', async () => {
    await publish(W);
    const list = await env.anon('GET', '/api/v1/public/consultations');
    expect(list.body.keywords).toEqual(['科技会商', '旺苍']);
    expect(list.body.consultations).toHaveLength(1);
    expect(list.body.consultations[0]).toMatchObject({ id: W, hostOrg: '广元市科学技术局', partnerOrgs: ['旺苍县人民政府'], status: 'implementing', progress: { total: 30 } });

    const r = await env.anon('GET', `/api/v1/public/consultations/${W}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(30);
    expect(r.body.byCategory.map((c: { category: string; total: number }) => [c.category, c.total])).toEqual([
      ['direct_support', 10],
      ['joint_promotion', 10],
      ['joint_pursuit', 10],
    ]);
    for (const c of r.body.byCategory) {
      const counted = Object.values(c.byStatus as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(counted).toBe(c.total);
      const countable = c.total - c.byStatus.cancelled;
      expect(c.completionRate).toBe(countable ? Math.round((c.completed / countable) * 100) : 0);
    }
    expect(r.body.domains.length).toBeGreaterThan(0);
    const days = (r.body.updates as { on: string }[]).map((u) => u.on);
    expect(days).toEqual([...days].sort().reverse());
    expect(r.body.updates.some((u: { kind: string }) => u.kind === 'progress')).toBe(true);
    expect(r.body.updates.find((u: { kind: string }) => u.kind === 'published')).toMatchObject({ consultationId: W, itemId: null });

    expect((await env.anon('GET', '/api/v1/public/consultations?keyword=%E6%97%BA%E8%8B%8D')).body.consultations).toHaveLength(1);
    expect((await env.anon('GET', '/api/v1/public/consultations?keyword=%E4%B8%8D%E5%AD%98%E5%9C%A8')).body.consultations).toHaveLength(0);
  });

  it('is public and cacheable: Cache-Control, an ETag and 304 on If-None-Match', async () => {
    await publish(W);
    for (const url of publicUrls([W])) {
      const r = await env.anon('GET', url);
      expect(r.status, url).toBe(200);
      expect(r.headers['cache-control']).toBe('public, max-age=30');
      const etag = String(r.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await env.anon('GET', url, undefined, { 'if-none-match': etag });
      expect(again.status, url).toBe(304);
      expect(again.body).toBe('');
      expect((await env.anon('GET', url, undefined, { 'if-none-match': `W/"other", ${etag}` })).status).toBe(304);
      expect((await env.anon('GET', url, undefined, { 'if-none-match': '"stale"' })).status).toBe(200);
    }
    const missing = await env.anon('GET', `/api/v1/public/consultations/${C}`);
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('answers 400 to malformed ids and queries, never a 500', async () => {
    for (const url of [
      '/api/v1/public/consultations/abc',
      '/api/v1/public/consultations/0x10',
      '/api/v1/public/consultations/99999999999999999999',
      '/api/v1/public/updates?consultationId=-1',
      '/api/v1/public/consultations?keyword=%3Cscript%3E',
      '/api/v1/public/consultations?other=1',
    ]) {
      expect((await env.anon('GET', url)).status, url).toBe(400);
    }
    expect((await env.anon('GET', '/api/v1/public/consultations/99999')).status).toBe(404);
  });

  it('takes a consultation down at once, cached or not, by id and in every list', async () => {
    await publish(W);
    expect((await env.anon('GET', `/api/v1/public/consultations/${W}`)).status).toBe(200);
    const state = await city.req('GET', pubUrl(W));
    // Another instance's change: only the database knows, this process's cache does not.
    await env.db
      .updateTable('consultation_publications')
      .set({ published_at: null, version: state.body.version + 1 })
      .where('consultation_id', '=', W)
      .execute();
    expect((await env.anon('GET', `/api/v1/public/consultations/${W}`)).status).toBe(404);
    expect((await env.anon('GET', '/api/v1/public/consultations')).body.consultations).toEqual([]);
    expect((await env.anon('GET', '/api/v1/public/updates')).body.data).toEqual([]);
    expect((await env.anon('GET', `/api/v1/public/updates?consultationId=${W}`)).status).toBe(404);
  });

  it('never shows a consultation in negotiation, even with a publication row written behind the service', async () => {
    await publish(W);
    await env.db
      .insertInto('consultation_publications')
      .values({
        consultation_id: C,
        published_at: '2026-11-01T00:00:00.000Z',
        keywords: '["苍溪"]',
        updated_by: env.users['city.coord'],
        updated_at: '2026-11-01T00:00:00.000Z',
        version: 1,
      })
      .execute();
    expect((await env.anon('GET', `/api/v1/public/consultations/${C}`)).status).toBe(404);
    expect((await env.anon('GET', `/api/v1/public/updates?consultationId=${C}`)).status).toBe(404);
    const ids = (await env.anon('GET', '/api/v1/public/consultations')).body.consultations.map((c: { id: number }) => c.id);
    expect(ids).toEqual([W]);
    expect((await env.anon('GET', '/api/v1/public/consultations?keyword=%E8%8B%8D%E6%BA%AA')).body).toEqual({ consultations: [], keywords: ['科技会商', '旺苍'] });
  });

  it('shows a closed-out item with its outcome after the cache’s half minute, and leaks nothing personal or internal', async () => {
    await publish(W);
    const wc = await env.login('wangcang.coord');
    const open = await env.db
      .selectFrom('items')
      .select(['id'])
      .where('consultation_id', '=', W)
      .where('status', 'not in', ['completed', 'cancelled'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // Personal and internal data a careless page would show: a responsible person, a phone and an
    // e-mail, a comment, evidence files and a reviewer's note.
    await env.db.updateTable('items').set({ responsible: '张秘密' }).where('consultation_id', '=', W).execute();
    await env.db.updateTable('users').set({ phone: '13900001111', email: 'secret.person@example.cn' }).execute();
    expect((await wc.req('POST', `/api/v1/items/${open.id}/comments`, { body: '内部意见：资金缺口较大，请勿外传' })).status).toBe(201);
    const before = await env.anon('GET', `/api/v1/public/consultations/${W}`);

    const boundary = `----hsPublic${randomBytes(6).toString('hex')}`;
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="summary"\r\n\r\n已建成示范基地并通过验收\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="内部验收材料.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n\r\n--${boundary}--\r\n`,
      'utf8',
    );
    const req = await env.app.inject({
      method: 'POST',
      url: `/api/v1/items/${open.id}/completion`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: wc.cookie, 'x-csrf-token': wc.csrf },
    });
    expect(req.statusCode).toBe(201);
    expect((await city.req('POST', `/api/v1/items/${open.id}/completion/review`, { approve: true, note: '同意销号（内部备注）' })).status).toBe(200);

    // Within the half minute the cached page is served as it was, with the same ETag.
    const cached = await env.anon('GET', `/api/v1/public/consultations/${W}`);
    expect(cached.headers.etag).toBe(before.headers.etag);
    env.clock.advance(31_000);
    const fresh = await env.anon('GET', `/api/v1/public/consultations/${W}`);
    expect(fresh.headers.etag).not.toBe(before.headers.etag);
    const done = fresh.body.items.find((i: { id: number }) => i.id === open.id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, closedOn: '2026-11-25', outcome: '已建成示范基地并通过验收' });
    expect(fresh.body.updates[0]).toMatchObject({ kind: 'completed', itemId: open.id, on: '2026-11-25' });

    await assertNothingLeaks([W, C]);
  });
});
