import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SEARCH_LIMITS, type SearchHit } from '../../../domain/search.js';
import { SCOPE_LEXEMES } from './search.repo.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { indexRow } from './search.index.js';

let env: TestEnv;
let cx: Agent; // 苍溪 partner coordinator
let wc: Agent; // 旺苍 partner coordinator
let city: Agent; // the bureau's coordinator: both counties
let admin: Agent;
let cangxi: number;
let wangcang: number;

beforeAll(async () => {
  env = await createTestEnv();
  ({ cangxi, wangcang } = env.consultations);
  cx = await env.login('cangxi.coord');
  wc = await env.login('wangcang.coord');
  city = await env.login('city.coord');
  admin = await env.login('sysadmin');
});
afterAll(() => env?.close());

async function search(agent: Agent, q: string, extra: Record<string, string | number> = {}) {
  const qs = new URLSearchParams({ q, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) });
  return agent.req('GET', `/api/v1/search?${qs.toString()}`);
}

async function hits(agent: Agent, q: string, extra: Record<string, string | number> = {}): Promise<SearchHit[]> {
  const r = await search(agent, q, { limit: 50, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data as SearchHit[];
}

const text = (parts: { text: string }[]) => parts.map((p) => p.text).join('');
const marked = (parts: { text: string; hit: boolean }[]) => parts.filter((p) => p.hit).map((p) => p.text);
const keyOf = (h: SearchHit) => `${h.kind}:${h.id}`;

async function firstItem(consultationId: number) {
  const r = await city.req('GET', `/api/v1/consultations/${consultationId}/items?limit=5`);
  expect(r.status).toBe(200);
  return r.body.data[0] as { id: number; title: string; version: number };
}

describe(`search: scope (${dialect})`, () => {
  it('gives each county its own rows for 猕猴桃, and the bureau both', async () => {
    const wcItem = await firstItem(wangcang);
    const c = await wc.req('POST', `/api/v1/items/${wcItem.id}/comments`, { body: '建议对接猕猴桃冷链仓储企业' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);

    const mine = await hits(cx, '猕猴桃');
    const theirs = await hits(wc, '猕猴桃');
    const all = await hits(city, '猕猴桃');

    expect(mine.some((h) => h.kind === 'item' && h.consultationId === cangxi)).toBe(true);
    expect(mine.every((h) => h.consultationId !== wangcang)).toBe(true);
    expect(mine.some((h) => h.kind === 'comment' && h.id === c.body.id)).toBe(false);

    expect(theirs.some((h) => h.kind === 'comment' && h.id === c.body.id)).toBe(true);
    expect(theirs.every((h) => h.consultationId !== cangxi)).toBe(true);

    expect(new Set(mine.map(keyOf))).not.toEqual(new Set(theirs.map(keyOf)));
    const bureau = new Set(all.map(keyOf));
    for (const h of [...mine, ...theirs].filter((x) => x.consultationId !== null)) expect(bureau.has(keyOf(h))).toBe(true);
  });

  it('marks the hits in title and snippet, best matches first, and links each hit to its item', async () => {
    const found = await hits(cx, '猕猴桃', { kind: 'item' });
    expect(found.length).toBeGreaterThan(0);
    for (const h of found) {
      expect(h.kind).toBe('item');
      expect(h.itemId).toBe(h.id);
      expect([...marked(h.title), ...marked(h.snippet)]).toContain('猕猴桃');
    }
  });

  it('filters by consultation and by year, and pages by cursor without repeats', async () => {
    const inCangxi = await hits(city, '猕猴桃', { consultationId: cangxi });
    expect(inCangxi.length).toBeGreaterThan(1);
    expect(inCangxi.every((h) => h.consultationId === cangxi)).toBe(true);
    const year = inCangxi[0].year!;
    expect((await hits(city, '猕猴桃', { consultationId: cangxi, year })).length).toBe(inCangxi.length);
    expect(await hits(city, '猕猴桃', { consultationId: cangxi, year: year + 5 })).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const r = await search(city, '猕猴桃', { consultationId: cangxi, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      seen.push(...(r.body.data as SearchHit[]).map(keyOf));
      // A handful of matches, all ranked: nothing older is out of reach.
      expect(r.body.capped).toBe(false);
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(inCangxi.map(keyOf));
    expect((await search(city, '猕猴桃', { cursor: 'bm90IGEgY3Vyc29y' })).status).toBe(400);
  });

  it('refuses the unauthenticated, and shows an administrator no consultation rows', async () => {
    expect((await env.anon('GET', '/api/v1/search?q=猕猴桃')).status).toBe(401);
    const r = await hits(admin, '猕猴桃');
    expect(r.filter((h) => h.kind !== 'announcement')).toEqual([]);
  });
});

describe(`search: Chinese text (${dialect})`, () => {
  it('finds simplified text from traditional input, and traditional text from simplified input', async () => {
    const simplified = (await hits(cx, '猕猴桃')).map(keyOf);
    expect((await hits(cx, '獼猴桃')).map(keyOf)).toEqual(simplified);

    const n = await cx.req('POST', `/api/v1/consultations/${cangxi}/needs`, {
      title: '開展獼猴桃冷鏈物流關鍵技術研究',
      description: '縣內缺乏冷鏈倉儲，請市局給予技術支持',
      domain: '农业农村',
      urgency: 'normal',
    });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    const found = (await hits(cx, '冷链物流')).find((h) => h.kind === 'need' && h.id === n.body.id);
    expect(found).toBeDefined();
    // Shown as written, the hit marked in the original characters.
    expect(text(found!.title)).toBe('開展獼猴桃冷鏈物流關鍵技術研究');
    expect(marked(found!.title)).toEqual(['冷鏈物流']);
    expect((await hits(cx, '冷鏈倉儲')).some((h) => h.kind === 'need' && h.id === n.body.id)).toBe(true);
  });

  it('matches a Chinese term only where its characters stand together', async () => {
    // 猴 and 桃 occur apart elsewhere; 桃猴 is not a word anywhere.
    expect(await hits(city, '桃猴')).toEqual([]);
  });

  it('finds a single character wherever it stands, and never matches a term across punctuation', async () => {
    const n = await cx.req('POST', `/api/v1/consultations/${cangxi}/needs`, {
      title: '种植樱桃，猴头菇示范',
      description: '樱桃和猴头菇分开种植',
      domain: '农业农村',
      urgency: 'normal',
    });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    const key = `need:${n.body.id}`;
    // 桃 ends one run and 猴 begins the next: the characters do not stand together.
    expect((await hits(cx, '桃猴')).map(keyOf)).not.toContain(key);
    // A lone character at the end of a run, at its start, and in the middle of a word elsewhere.
    expect((await hits(cx, '桃')).map(keyOf)).toContain(key);
    expect((await hits(cx, '樱')).map(keyOf)).toContain(key);
    const peach = await hits(cx, '桃', { kind: 'item' });
    expect(peach.length).toBeGreaterThan(0);
    expect(peach.every((h) => marked(h.title).concat(marked(h.snippet)).includes('桃'))).toBe(true);
    expect((await hits(cx, '猴头菇')).map(keyOf)).toContain(key);
    expect((await hits(cx, '樱桃 猴头菇')).map(keyOf)).toContain(key);
    expect(marked((await hits(cx, '樱桃 猴头菇')).find((h) => keyOf(h) === key)!.title)).toEqual(['樱桃', '猴头菇']);
  });

  it('never errors on FTS syntax, odd scripts or symbols', async () => {
    const inputs = [
      '"',
      '""',
      '*',
      'NEAR',
      'NEAR(猕猴桃 产业, 2)',
      'OR',
      '猕猴桃 OR 茶叶',
      '(',
      ')',
      '-',
      '-猕猴桃',
      ':',
      'title:猕猴桃',
      'body_tokens:猕',
      '猕猴桃*',
      '^猕猴桃',
      "'; drop table items; --",
      '\\',
      '%_',
      'AND NOT',
      '{title_tokens body_tokens}: 猕',
      '&|!<->',
      '🥝 猕猴桃',
      'مرحبا',
      'Ünïcödé',
      'ｆｕｌｌ　ｗｉｄｔｈ',
      'a'.repeat(100),
      '猕'.repeat(100),
    ];
    for (const q of inputs) {
      const r = await search(city, q);
      expect(r.status, `${q}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(Array.isArray(r.body.data)).toBe(true);
    }
    expect((await hits(city, '"猕猴桃"')).length).toBeGreaterThan(0);
    expect((await hits(city, '🥝 猕猴桃')).length).toBeGreaterThan(0);
  });

  it('refuses an over-long query with a clear 400, and an empty one', async () => {
    const long = await search(city, '猕'.repeat(101));
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(long.body.error)).toContain('100');
    expect((await search(city, '   ')).status).toBe(400);
    expect((await search(city, '　')).status).toBe(400);
  });
});

describe(`search: the index follows every write (${dialect})`, () => {
  it('finds an edit right after it is saved, and loses a deleted item with its comments', async () => {
    const item = await firstItem(cangxi);
    const before = await hits(cx, '蓝莓冻干');
    expect(before).toEqual([]);

    const p = await cx.req('PATCH', `/api/v1/items/${item.id}`, { title: '蓝莓冻干加工技术集成示范', version: item.version });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const after = await hits(cx, '蓝莓冻干');
    expect(after.map(keyOf)).toContain(`item:${item.id}`);
    expect(await hits(cx, item.title.slice(0, 6), { kind: 'item' }).then((r) => r.some((h) => h.id === item.id))).toBe(false);

    const c = await cx.req('POST', `/api/v1/items/${item.id}/comments`, { body: '黑莓种苗需求已汇总' });
    expect(c.status).toBe(201);
    const comment = (await hits(cx, '黑莓种苗')).find((h) => h.kind === 'comment');
    expect(comment).toMatchObject({ id: c.body.id, itemId: item.id, consultationId: cangxi });
    expect(text(comment!.title)).toBe('蓝莓冻干加工技术集成示范');

    const d = await cx.req('DELETE', `/api/v1/items/${item.id}?version=${p.body.version}`);
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(await hits(cx, '蓝莓冻干')).toEqual([]);
    expect(await hits(cx, '黑莓种苗')).toEqual([]);
  });

  it('writes a new comment the very entry a re-index of it gives (title, year, tokens), in one pass', async () => {
    const item = await firstItem(wangcang);
    // Traditional characters, full-width Latin and digits: every step of the tokeniser takes part.
    const c = await wc.req('POST', `/api/v1/items/${item.id}/comments`, { body: '請補充ＡＢＣ冷鏈倉儲2026年資金到位情況' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const entry = () => env.db.selectFrom('search_entries').selectAll().where('kind', '=', 'comment').where('ref_id', '=', c.body.id).executeTakeFirstOrThrow();
    const written = await entry();
    expect(written).toMatchObject({ item_id: item.id, consultation_id: wangcang, title: item.title, body: '請補充ＡＢＣ冷鏈倉儲2026年資金到位情況' });
    await indexRow(env.db, 'comment', c.body.id);
    expect(await entry()).toEqual(written);
    expect((await hits(wc, '冷链仓储')).map(keyOf)).toContain(`comment:${c.body.id}`);
  });

  it('takes a comment holding a lone surrogate, stored and indexed as U+FFFD like any text parameter', async () => {
    const item = await firstItem(wangcang);
    const c = await wc.req('POST', `/api/v1/items/${item.id}/comments`, { body: '冷链\ud800仓储' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const stored = await env.db.selectFrom('item_comments').select('body').where('id', '=', c.body.id).executeTakeFirstOrThrow();
    const entry = await env.db.selectFrom('search_entries').select('body').where('kind', '=', 'comment').where('ref_id', '=', c.body.id).executeTakeFirstOrThrow();
    if (dialect === 'postgres') expect(stored.body).toBe('冷链\ufffd仓储');
    expect(entry.body).toBe(stored.body);
  });

  it('keeps an entry’s vectors following from its row, whoever writes it (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    const item = await firstItem(wangcang);
    const c = await wc.req('POST', `/api/v1/items/${item.id}/comments`, { body: '冷库温控改造进度' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const vectors = async () =>
      (
        await sql<{
          document: string;
          scope: string;
        }>`select document::text as document, scope::text as scope from search_entries where kind = 'comment' and ref_id = ${c.body.id}`.execute(env.db)
      ).rows[0]!;
    const written = await vectors();
    expect(written.document).toContain("'温控':");
    expect(written.scope).toBe(`'#c${wangcang}'`);
    // Typed SQL writing the vectors themselves: they are worked out from the row again.
    await sql`update search_entries set document = to_tsvector('simple', '伪造'), scope = array_to_tsvector(array['#c0']) where kind = 'comment' and ref_id = ${c.body.id}`.execute(
      env.db,
    );
    expect(await vectors()).toEqual(written);
    expect((await hits(wc, '温控改造')).map(keyOf)).toContain(`comment:${c.body.id}`);
    // A change of what they follow from moves them with it.
    await sql`update search_entries set consultation_id = ${cangxi}, body_tokens = '冷库 库温' where kind = 'comment' and ref_id = ${c.body.id}`.execute(env.db);
    const moved = await vectors();
    expect(moved.scope).toBe(`'#c${cangxi}'`);
    expect(moved.document).not.toContain("'温控':");
    // And a re-index writes over the row (an upsert): back where it was.
    await indexRow(env.db, 'comment', c.body.id);
    expect(await vectors()).toEqual(written);
    // Every entry of every kind, against the expressions the columns were generated by before
    // (migrations 0026 and 0031): the words weighted by title and body, the blocks of ids, the scope.
    const { rows: kinds } = await sql<{ kind: string; off: number }>`
      select kind, count(*) filter (where document is distinct from (
          setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')
          || array_to_tsvector(array['#0w' || (id >> 10)::text, '#1w' || (id >> 12)::text, '#2w' || (id >> 14)::text,
                                     '#3w' || (id >> 16)::text, '#4w' || (id >> 18)::text, '#5w' || (id >> 20)::text]))
        or scope is distinct from array_to_tsvector(array[case kind when 'project' then '#p' || ref_id::text
          when 'announcement' then '#a' || ref_id::text else '#c' || coalesce(consultation_id, 0)::text end]))::int as off
      from search_entries group by kind order by kind`.execute(env.db);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['announcement', 'comment', 'item', 'project', 'report']));
    expect(kinds.filter((k) => k.off > 0)).toEqual([]);
  });

  it('rebuilds on the migration: the demo rows are indexed on both databases', async () => {
    const n = await env.db
      .selectFrom('search_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(40);
  });
});

describe(`search: a word in very many rows (${dialect})`, () => {
  it('ranks only the newest matches, however many rows hold the word, and still fills the first page', async () => {
    const c = await env.db.selectFrom('consultations').select('year').where('id', '=', cangxi).executeTakeFirstOrThrow();
    const total = SEARCH_LIMITS.rankedMatches + 5;
    const rows = Array.from({ length: total }, (_, i) => ({
      kind: 'need' as const,
      ref_id: 900_000 + i,
      item_id: null,
      consultation_id: cangxi,
      org_id: null,
      year: c.year,
      // The five oldest rows hold the word in their title too: they would rank first if ranked at all.
      title: i < 5 ? 'qzxv qzxv' : '示范',
      body: 'qzxv',
      title_tokens: i < 5 ? 'qzxv qzxv' : '示范 范',
      body_tokens: 'qzxv',
      updated_at: '2026-01-01T00:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await env.db
        .insertInto('search_entries')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    try {
      const seen: SearchHit[] = [];
      let cursor: string | null = null;
      do {
        const r = await search(cx, 'qzxv', { limit: 50, ...(cursor ? { cursor } : {}) });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (!seen.length) expect(r.body.data).toHaveLength(50);
        seen.push(...(r.body.data as SearchHit[]));
        cursor = r.body.nextCursor;
        // Older entries match as well: every page says the list stops at the cap.
        expect(r.body.capped).toBe(true);
      } while (cursor);
      expect(seen).toHaveLength(SEARCH_LIMITS.rankedMatches);
      expect(new Set(seen.map(keyOf)).size).toBe(SEARCH_LIMITS.rankedMatches);
      const ids = seen.map((h) => h.id);
      expect(Math.min(...ids)).toBe(900_000 + 5);
      // Narrowed, the older rows are within reach again.
      expect((await hits(cx, 'qzxv 示范')).length).toBe(50);
    } finally {
      await env.db.deleteFrom('search_entries').where('kind', '=', 'need').where('ref_id', '>=', 900_000).execute();
    }
  });
});

describe(`search: a wide scope and a narrow one (${dialect})`, () => {
  // PostgreSQL asks its index for a narrow scope (up to SCOPE_LEXEMES consultations, projects and
  // announcements) and filters a wide one: both must find exactly the caller's rows.
  it('finds a county its rows among more consultations than the index is asked for, and none of another county', async () => {
    const now = '2026-01-01T00:00:00.000Z';
    const extra = await env.db
      .insertInto('consultations')
      .values(
        Array.from({ length: SCOPE_LEXEMES + 2 }, (_, i) => ({
          title: `旺苍专题会商 ${i}`,
          year: 2026,
          theme: '',
          status: 'implementing' as const,
          version: 1,
          created_by: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const ids = extra.map((r) => r.id);
    const entry = (consultationId: number, refId: number) => ({
      kind: 'need' as const,
      ref_id: refId,
      item_id: null,
      consultation_id: consultationId,
      org_id: null,
      year: 2026,
      title: 'wqzj',
      body: '',
      title_tokens: 'wqzj',
      body_tokens: '',
      updated_at: now,
    });
    try {
      await env.db
        .insertInto('consultation_parties')
        .values(
          ids.flatMap((id) => [
            { consultation_id: id, org_id: env.orgs.bureau!, side: 'host' as const },
            { consultation_id: id, org_id: env.orgs.wangcang!, side: 'partner' as const },
          ]),
        )
        .execute();
      await env.db
        .insertInto('search_entries')
        .values([...ids.map((id, i) => entry(id, 800_000 + i)), entry(cangxi, 800_999)])
        .execute();

      const everyHit = async (agent: Agent) => {
        const seen: SearchHit[] = [];
        let cursor: string | null = null;
        do {
          const r = await search(agent, 'wqzj', { limit: 50, ...(cursor ? { cursor } : {}) });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          seen.push(...(r.body.data as SearchHit[]));
          cursor = r.body.nextCursor;
        } while (cursor);
        return seen.map((h) => h.consultationId);
      };
      const byId = (a: number | null, b: number | null) => a! - b!;
      expect((await everyHit(wc)).sort(byId)).toEqual(ids);
      expect(await everyHit(cx)).toEqual([cangxi]);
      expect((await everyHit(city)).sort(byId)).toEqual([cangxi, ...ids].sort(byId));
    } finally {
      await env.db.deleteFrom('search_entries').where('kind', '=', 'need').where('ref_id', '>=', 800_000).where('ref_id', '<', 900_000).execute();
      await env.db.deleteFrom('consultation_parties').where('consultation_id', 'in', ids).execute();
      await env.db.deleteFrom('consultations').where('id', 'in', ids).execute();
    }
  });
});
