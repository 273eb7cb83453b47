import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3BufferHex } from '../../platform/crypto.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { portOf, writesTo } from '../../testing/socket-writes.js';

let env: TestEnv;
let wc: Agent;
let city: Agent;
let cx: Agent;
let admin: Agent;
let viewer: Agent;
let itemId: number;
let otherItemId: number;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake image body for tests')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  env = await createTestEnv();
  wc = await env.login('wangcang.coord');
  city = await env.login('city.coord');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');
  await env.makeUser('wangcang.viewer', 'wangcang.gov', ['viewer']);
  viewer = await env.login('wangcang.viewer');
  const items = (await wc.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=2`)).body.data;
  [itemId, otherItemId] = items.map((i: { id: number }) => i.id);
});
afterAll(() => env?.close());

const url = (id = itemId) => `/api/v1/items/${id}/comments`;

async function comment(a: Agent, body: string, parentId?: number, id = itemId) {
  const r = await a.req('POST', url(id), parentId === undefined ? { body } : { body, parentId });
  expect(r.status).toBe(201);
  return r.body;
}

/** Every file below the directory, however deep; empty folders do not count. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

async function download(a: Agent | null, id: number) {
  const res = await env.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}`, headers: a ? { cookie: a.cookie } : {} });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload };
}

async function attachmentCount(): Promise<number> {
  const r = await env.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe(`comments: threads (${dialect})`, () => {
  it('keeps a thread oldest first, each comment with its author, organisation and side', async () => {
    const first = await comment(wc, '建议把完成时限延后到明年一季度');
    const reply = await comment(city, '同意，请县里补充理由', first.id);
    expect(first).toMatchObject({ itemId, parentId: null, side: 'partner', author: { displayName: '旺苍县联络员（演示）' }, attachments: [] });
    expect(reply).toMatchObject({ parentId: first.id, side: 'host', author: { displayName: '市局联络员（演示）' } });
    expect(reply.author.orgName).toContain('科学技术局');
    const list = await wc.req('GET', url());
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const ids = list.body.data.map((c: { id: number }) => c.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(reply.id));
    expect(list.body.data.find((c: { id: number }) => c.id === reply.id)).toMatchObject({ body: '同意，请县里补充理由', parentId: first.id, createdAt: reply.createdAt });
    // Another item's thread stays apart.
    expect((await wc.req('GET', url(otherItemId))).body.data.map((c: { id: number }) => c.id)).not.toContain(first.id);
  });

  it('refuses a reply to a comment of another item, or to none, and bad bodies', async () => {
    const elsewhere = await comment(wc, '另一个事项的意见', undefined, otherItemId);
    const cross = await wc.req('POST', url(), { body: '回复', parentId: elsewhere.id });
    expect(cross.status).toBe(422);
    expect(cross.body.error.details[0].field).toBe('body.parentId');
    expect((await wc.req('POST', url(), { body: '回复', parentId: 999999 })).status).toBe(422);
    expect((await wc.req('POST', url(), { body: '   ' })).status).toBe(400);
    expect((await wc.req('POST', url(), { body: '长'.repeat(2001) })).status).toBe(400);
    expect((await wc.req('POST', url(), { body: '好', extra: 1 })).status).toBe(400);
    expect((await wc.req('POST', url(), '{not json')).status).toBe(400);
    expect((await wc.req('GET', url(999999))).status).toBe(404);
  });
});

describe.skipIf(dialect !== 'postgres')('comments: round trips to PostgreSQL', () => {
  it('takes two: the checks, with the new id and audit lane asked ahead; then the row, its search entry, its audit row and the commit', async () => {
    // The caller's session and the statements prepared on the pool's connections before counting.
    for (let i = 0; i < 12; i++) await comment(wc, `热身 ${i}`);
    const writes: number[] = [];
    for (let i = 0; i < 3; i++) writes.push(await writesTo(portOf(env.databaseUrl), () => comment(wc, `计数 ${i}`)));
    expect(writes).toEqual([2, 2, 2]);
  });
});

describe(`comments: who may read and write (${dialect})`, () => {
  it('lets both sides comment on a 旺苍 item and records the audit row', async () => {
    for (const a of [wc, city]) {
      const c = await comment(a, `${a.username} 的意见`);
      const audit = await env.auditRows('item_comment', c.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'comment.create', username: a.username, after: { itemId, parentId: null, body: `${a.username} 的意见` } });
      expect(audit[0].request_id).toBeTruthy();
    }
  });

  it('hides the item from another county, forbids administrators, and lets viewers read but not speak', async () => {
    for (const r of [await cx.req('GET', url()), await cx.req('POST', url(), { body: '苍溪的意见' })]) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    expect((await admin.req('GET', url())).status).toBe(403);
    expect((await admin.req('POST', url(), { body: '管理员' })).status).toBe(403);
    expect((await viewer.req('GET', url())).status).toBe(200);
    const v = await viewer.req('POST', url(), { body: '只读用户的意见' });
    expect(v.status).toBe(403);
    expect(v.body.error.code).toBe('FORBIDDEN');
  });

  it('asks for a login and for the CSRF header', async () => {
    expect((await env.anon('GET', url())).status).toBe(401);
    expect((await env.anon('POST', url(), { body: '匿名' })).status).toBe(401);
    const noCsrf = await wc.req('POST', url(), { body: '没有令牌' }, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_INVALID');
    const rows = await env.db.selectFrom('item_comments').select('id').where('body', 'in', ['匿名', '没有令牌', '只读用户的意见', '苍溪的意见', '管理员']).execute();
    expect(rows).toHaveLength(0);
  });
});

describe(`comments: attachments (${dialect})`, () => {
  it('accepts a PNG from the author, lists it, and serves it inline only to those who may read the item', async () => {
    const c = await comment(wc, '附现场照片');
    const up = await wc.upload(`${url()}/${c.id}/attachments`, { filename: '现场.png', content: PNG, contentType: 'image/png' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ filename: '现场.png', mime: 'image/png', size: PNG.length, url: `/api/v1/attachments/${up.body.id}` });
    const audit = await env.auditRows('attachment', up.body.id);
    expect(audit[0]).toMatchObject({ action: 'attachment.create', username: 'wangcang.coord', after: { ownerType: 'item_comment', ownerId: c.id, sm3: sm3BufferHex(PNG) } });
    // Stored under a random name, never the user's.
    const files = filesUnder(env.filesDir);
    expect(files.some((f) => f.includes('现场'))).toBe(false);
    const listed = (await city.req('GET', url())).body.data.find((x: { id: number }) => x.id === c.id);
    expect(listed.attachments).toEqual([up.body]);

    const got = await download(city, up.body.id);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(String(got.headers['content-disposition'])).toMatch(/^inline; /);
    expect(got.raw.equals(PNG)).toBe(true);
    expect((await download(cx, up.body.id)).status).toBe(404);
    expect((await download(null, up.body.id)).status).toBe(401);
    expect((await download(wc, 999999)).status).toBe(404);
  });

  it('serves a PDF as a download under its Chinese name', async () => {
    const c = await comment(city, '附会商纪要');
    const up = await city.upload(`${url()}/${c.id}/attachments`, { filename: '会商纪要（第1稿）.pdf', content: PDF, contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    const got = await download(wc, up.body.id);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    const cd = String(got.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; /);
    expect(cd).toContain("filename*=UTF-8''%E4%BC%9A%E5%95%86%E7%BA%AA%E8%A6%81%EF%BC%88%E7%AC%AC1%E7%A8%BF%EF%BC%89.pdf");
    expect(got.raw.equals(PDF)).toBe(true);
  });

  it('accepts Office documents whose bytes are what their names say', async () => {
    const c = await comment(wc, '附表格');
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('[Content_Types].xml<Types/>')]);
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]);
    const a = await wc.upload(`${url()}/${c.id}/attachments`, { filename: '资金表.xlsx', content: xlsx });
    const b = await wc.upload(`${url()}/${c.id}/attachments`, { filename: '旧版.doc', content: ole });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(b.body.mime).toBe('application/msword');
  });

  it('refuses bytes that do not match the name with 415, leaving no row and no file', async () => {
    const c = await comment(wc, '附件类型检查');
    const rows = await attachmentCount();
    const files = filesUnder(env.filesDir).length;
    const bad = [
      { filename: '照片.png', content: PDF, contentType: 'image/png' },
      { filename: 'setup.exe', content: Buffer.from('MZ\x90\x00 executable') },
      { filename: 'report.pdf.exe', content: PDF },
      { filename: '伪装.docx', content: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('just a zip')]) },
      { filename: 'noextension', content: PNG },
    ];
    for (const f of bad) {
      const r = await wc.upload(`${url()}/${c.id}/attachments`, f);
      expect(r.status, f.filename).toBe(415);
      expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await attachmentCount()).toBe(rows);
    expect(filesUnder(env.filesDir)).toHaveLength(files);
  });

  it('lets only the author attach, to a comment of this item, as multipart', async () => {
    const c = await comment(wc, '只有作者能上传');
    const other = await city.upload(`${url()}/${c.id}/attachments`, { filename: 'a.png', content: PNG });
    expect(other.status).toBe(403);
    expect((await cx.upload(`${url()}/${c.id}/attachments`, { filename: 'a.png', content: PNG })).status).toBe(404);
    expect((await wc.upload(`${url(otherItemId)}/${c.id}/attachments`, { filename: 'a.png', content: PNG })).status).toBe(404);
    expect((await wc.upload(`${url()}/${c.id}/attachments`, { filename: 'a.png', content: PNG, field: 'other' })).status).toBe(400);
    expect((await wc.upload(`${url()}/${c.id}/attachments`, { filename: 'a.png', content: PNG }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await wc.req('POST', `${url()}/${c.id}/attachments`, { file: 'x' })).status).toBe(415);
    expect((await env.db.selectFrom('attachments').select('id').where('owner_id', '=', c.id).execute()).length).toBe(0);
  });
});

describe(`comments: attachment size limit (${dialect})`, () => {
  it('refuses a file over ATTACHMENT_MAX_MB with 413 and writes nothing', async () => {
    const small = await createTestEnv({ ATTACHMENT_MAX_MB: '1' });
    try {
      const a = await small.login('wangcang.coord');
      const item = (await a.req('GET', `/api/v1/consultations/${small.consultations.wangcang}/items?limit=1`)).body.data[0].id;
      const c = (await a.req('POST', `/api/v1/items/${item}/comments`, { body: '大文件' })).body;
      const big = Buffer.concat([PNG, Buffer.alloc(1.5 * 1024 * 1024)]);
      const r = await a.upload(`/api/v1/items/${item}/comments/${c.id}/attachments`, { filename: 'big.png', content: big });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await small.db.selectFrom('attachments').select('id').execute()).toHaveLength(0);
      expect(filesUnder(small.filesDir)).toHaveLength(0);
      const ok = await a.upload(`/api/v1/items/${item}/comments/${c.id}/attachments`, { filename: 'small.png', content: PNG });
      expect(ok.status).toBe(201);
    } finally {
      await small.close();
    }
  });
});

describe(`comments: arriving together (${dialect})`, () => {
  const posted = (r: { status: number; body: { id: number } }[]) => r.filter((x) => x.status === 201).map((x) => x.body.id);

  it('checks, attributes, indexes and audits each comment of a group commit on its own', async () => {
    const auditor = await env.login('auditadmin');
    const r = await Promise.all([
      wc.req('POST', url(), { body: '一起写入 甲' }),
      city.req('POST', url(), { body: '一起写入 乙' }),
      cx.req('POST', url(), { body: '苍溪看不到这个事项' }),
      viewer.req('POST', url(), { body: '只读用户' }),
      wc.req('POST', url(otherItemId), { body: '一起写入 丙' }),
      wc.req('POST', url(), { body: '回复', parentId: 999999 }),
      city.req('POST', url(otherItemId), { body: '一起写入 丁' }),
    ]);
    expect(r.map((x) => x.status)).toEqual([201, 201, 404, 403, 201, 422, 201]);
    expect(r.map((x) => x.body.author?.displayName ?? x.body.error.code)).toEqual([
      '旺苍县联络员（演示）',
      '市局联络员（演示）',
      'NOT_FOUND',
      'FORBIDDEN',
      '旺苍县联络员（演示）',
      'UNPROCESSABLE',
      '市局联络员（演示）',
    ]);
    const ids = posted(r);
    expect(r.filter((x) => x.status === 201).map((x) => [x.body.itemId, x.body.side, x.body.body])).toEqual([
      [itemId, 'partner', '一起写入 甲'],
      [itemId, 'host', '一起写入 乙'],
      [otherItemId, 'partner', '一起写入 丙'],
      [otherItemId, 'host', '一起写入 丁'],
    ]);
    // Each as its author wrote it, in the thread of its own item (written at once, in either order).
    const thread = (await wc.req('GET', url(otherItemId))).body.data;
    const mine = thread.filter((c: { id: number }) => ids.includes(c.id)).map((c: { body: string; author: { displayName: string } }) => [c.body, c.author.displayName]);
    expect(mine.sort()).toEqual([
      ['一起写入 丁', '市局联络员（演示）'],
      ['一起写入 丙', '旺苍县联络员（演示）'],
    ]);
    // One audit row each, under its own caller and request; the refused left none.
    const audits = await Promise.all(ids.map((id) => env.auditRows('item_comment', id)));
    expect(audits.map((a) => a.map((row) => row.username))).toEqual([['wangcang.coord'], ['city.coord'], ['wangcang.coord'], ['city.coord']]);
    expect(new Set(audits.map((a) => a[0].request_id)).size).toBe(4);
    const bodies = await env.db.selectFrom('item_comments').select('body').where('body', 'in', ['苍溪看不到这个事项', '只读用户', '回复']).execute();
    expect(bodies).toEqual([]);
    // Each found by search, and the chain whole.
    const entries = await env.db.selectFrom('search_entries').select(['ref_id', 'item_id']).where('kind', '=', 'comment').where('ref_id', 'in', ids).execute();
    const entryItems = new Map(entries.map((e) => [Number(e.ref_id), e.item_id]));
    expect(ids.map((id) => entryItems.get(id))).toEqual([itemId, itemId, otherItemId, otherItemId]);
    expect((await auditor.req('GET', '/api/v1/audit-log/chain')).body).toMatchObject({ ok: true, firstBroken: null });
  });

  /**
   * PostgreSQL: the requests fired while another session holds every audit lane. The first writers
   * wait on one, and the requests that come meanwhile queue behind them; the lanes are let go once all
   * have arrived. (Elsewhere: fired as they are.)
   */
  async function whileWritersHeld<T>(fire: () => Promise<T>[]): Promise<T[]> {
    if (dialect !== 'postgres') return Promise.all(fire());
    const holder = new pg.Client({ connectionString: env.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from audit_chain for update');
      const fired = Promise.all(fire());
      const waiting = async () =>
        Number((await holder.query("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")).rows[0].n);
      for (let i = 0; i < 100 && (await waiting()) < 1; i++) await new Promise((r) => setTimeout(r, 20));
      // Time for all to reach a writer or the queue.
      await new Promise((r) => setTimeout(r, 300));
      await holder.query('commit');
      return await fired;
    } finally {
      await holder.end();
    }
  }

  it.skipIf(dialect !== 'postgres')('writes the comments that waited while the writers were held up in one transaction', async () => {
    const r = await whileWritersHeld(() => Array.from({ length: 10 }, (_, i) => (i % 2 ? wc : city).req('POST', url(), { body: `排队 ${i}` })));
    expect(r.map((x) => x.status)).toEqual(Array(10).fill(201));
    const ids = r.map((x) => x.body.id);
    // Rows of one transaction share its id. Two writers at most were held up, with what had come by
    // then; those that came later waited for the first to finish, and all went in together after it.
    const xmins = await sql<{ xmin: string }>`select distinct xmin::text as xmin from item_comments where id in (${sql.join(ids)})`.execute(env.db);
    expect(xmins.rows.length).toBeLessThanOrEqual(3);
    expect((await Promise.all(ids.map((id) => env.auditRows('item_comment', id)))).every((a) => a.length === 1)).toBe(true);
  });

  it('answers a comment the database refuses with its error alone; the others that came with it are written', async () => {
    const refused = '数据库拒绝的意见';
    if (dialect === 'postgres') {
      await sql`create function refuse_test_comment() returns trigger language plpgsql as $$ begin if new.body = ${sql.lit(refused)} then raise exception 'refused by the test'; end if; return new; end $$`.execute(
        env.db,
      );
      await sql`create trigger refuse_test_comment before insert on item_comments for each row execute function refuse_test_comment()`.execute(env.db);
    } else {
      await sql`create trigger refuse_test_comment before insert on item_comments when new.body = ${sql.lit(refused)} begin select raise(abort, 'refused by the test'); end`.execute(
        env.db,
      );
    }
    try {
      // On PostgreSQL the first writers are held up, and the refused comment waits with others.
      const bodies = ['同批 0', '同批 1', '同批 2', '同批 3', refused, '同批 5'];
      const r = await whileWritersHeld(() => bodies.map((body) => (body === refused ? wc : city).req('POST', url(), { body })));
      expect(r.map((x) => x.status)).toEqual([201, 201, 201, 201, 500, 201]);
      const ids = posted(r);
      const rows = await env.db.selectFrom('item_comments').select(['id', 'body']).where('body', 'in', bodies).execute();
      expect(new Map(rows.map((x) => [x.id, x.body]))).toEqual(new Map(ids.map((id, i) => [id, ['同批 0', '同批 1', '同批 2', '同批 3', '同批 5'][i]])));
      expect((await Promise.all(ids.map((id) => env.auditRows('item_comment', id)))).map((a) => a.length)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await sql`drop trigger refuse_test_comment${sql.raw(dialect === 'postgres' ? ' on item_comments' : '')}`.execute(env.db);
      if (dialect === 'postgres') await sql`drop function refuse_test_comment()`.execute(env.db);
    }
  });
});
