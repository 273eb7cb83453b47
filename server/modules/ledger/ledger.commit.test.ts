import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, TEST_NOW, type Agent, type TestEnv } from '../../testing/support.js';
import { refreshLights } from '../lights/lights.service.js';
import { indexRows } from '../search/search.index.js';
import { uploadUrl, workbook, xlsx } from './ledger.testkit.js';

// A large import writes its rows a few hundred per statement: the rows must be those the item-by-item
// path wrote (one audit row per item in sheet order on an unbroken chain, a search entry per item,
// co-units, the lights a refresh computes), and a failure must still leave nothing behind.

let env: TestEnv;
let city: Agent;
let auditor: Agent;
let cangxi: number;

beforeAll(async () => {
  env = await createTestEnv();
  cangxi = env.consultations.cangxi;
  city = await env.login('city.coord');
  auditor = await env.login('auditadmin');
});
afterAll(() => env?.close());

const HEADER = ['序号', '事项名称', '主要内容及目标', '领域', '牵头单位', '配合单位', '完成时限', '支持资金', '进展情况'];
const SECTIONS = ['一、市局直接支持事项', '二、局县共同推动事项', '三、局县共同争取事项'];
const PER_SECTION = 210;

/** 630 items: more than one chunk of every batched write. Each test names its own, so either may run first. */
const bigSheet = (prefix = '批量导入事项') =>
  workbook((wb) => {
    const ws = wb.addWorksheet('会商事项台账');
    ws.addRow(['苍溪县局县科技会商议定事项台账']);
    ws.addRow(HEADER);
    SECTIONS.forEach((heading, s) => {
      ws.addRow([`${heading}（${PER_SECTION}项）`]);
      for (let i = 1; i <= PER_SECTION; i++) {
        const deadline = i % 3 === 0 ? '常态化' : `2027年${(i % 12) + 1}月底前`;
        ws.addRow([
          i,
          `${prefix}${s + 1}-${i}号`,
          `建设示范点${i}个，推广猕猴桃种植技术`,
          '农业农村',
          '市科技局农村科技科',
          '县经济信息化和科学技术局、县农业农村局',
          deadline,
          `${i}万元`,
          i % 2 ? '已完成方案编制' : null,
        ]);
      }
    });
  });

const countOf = async (table: 'items' | 'audit_log' | 'search_entries' | 'item_co_units' | 'domain_events') =>
  Number(
    (
      await env.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const allCounts = async () => ({
  items: await countOf('items'),
  audit: await countOf('audit_log'),
  search: await countOf('search_entries'),
  coUnits: await countOf('item_co_units'),
  events: await countOf('domain_events'),
});

describe(`ledger import: the batched commit (${dialect})`, () => {
  it('writes every row an item-by-item import wrote, in sheet order', async () => {
    const file = await bigSheet();
    const up = await city.upload(uploadUrl(cangxi), xlsx(file, '苍溪批量.xlsx'));
    expect(up.status, JSON.stringify(up.body).slice(0, 500)).toBe(201);
    expect(up.body.counts).toEqual({ add: 3 * PER_SECTION, update: 0, unchanged: 0, skipped: 0 });
    expect(up.body.blocked).toBe(false);
    const before = await allCounts();
    const done = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ added: 3 * PER_SECTION, updated: 0 });

    const items = await env.db.selectFrom('items').selectAll().where('consultation_id', '=', cangxi).where('title', 'like', '批量导入事项%').orderBy('id').execute();
    expect(items.map((i) => i.title)).toEqual(SECTIONS.flatMap((_, s) => Array.from({ length: PER_SECTION }, (_, i) => `批量导入事项${s + 1}-${i + 1}号`)));
    const ids = items.map((i) => i.id);
    expect(items[0]).toMatchObject({ category: 'direct_support', domain: '农业农村', funding_yuan: 10_000, progress_note: '已完成方案编制', version: 1 });
    expect(items[1]).toMatchObject({ ongoing: 0, deadline: '2027-03-31', progress_note: null });
    expect(items[2]).toMatchObject({ ongoing: 1, deadline: null });
    // Each category's new items follow its existing ones, in sheet order.
    for (const category of ['direct_support', 'joint_promotion', 'joint_pursuit']) {
      const orders = items.filter((i) => i.category === category).map((i) => i.sort_order);
      expect(orders).toEqual(orders.map((_, n) => orders[0] + n));
    }

    // Two co-units per item, a search entry per item, an audit row per item and one for the import;
    // a list not yet adopted lights nothing, so no events.
    const after = await allCounts();
    expect(after).toEqual({
      items: before.items + ids.length,
      audit: before.audit + ids.length + 1,
      search: before.search + ids.length,
      coUnits: before.coUnits + 2 * ids.length,
      events: before.events,
    });
    const coUnits = await env.db.selectFrom('item_co_units').select(['item_id', 'org_id', 'sort_order']).where('item_id', '=', ids[0]).orderBy('sort_order').execute();
    expect(coUnits.map((c) => c.sort_order)).toEqual([0, 1]);

    const audits = await env.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'after_json'])
      .where('action', '=', 'item.create')
      .where('entity_id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.entity_id)).toEqual(ids);
    expect(JSON.parse(audits[0].after_json!)).toMatchObject({
      title: '批量导入事项1-1号',
      fundingWan: 1,
      progressNote: '已完成方案编制',
      via: 'ledger_import',
      ledgerImportId: up.body.id,
    });
    const chain = await auditor.req('GET', '/api/v1/audit-log/chain');
    expect(chain.body).toMatchObject({ ok: true, firstBroken: null });

    // The entries written from the new rows are those a read of the items writes.
    const entries = () => env.db.selectFrom('search_entries').selectAll().where('kind', '=', 'item').where('ref_id', 'in', ids).orderBy('ref_id').execute();
    const written = await entries();
    expect(written.map((e) => e.ref_id)).toEqual(ids);
    await indexRows(env.db, 'item', ids);
    expect(await entries()).toEqual(written);
    const found = await city.req('GET', `/api/v1/search?q=${encodeURIComponent('批量导入事项3-210号')}`);
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).toContain(`"itemId":${ids[ids.length - 1]}`);

    // The lights stored with the rows are what a refresh computes: it finds nothing to change.
    const columns = ['id', 'light', 'light_reasons_json', 'punct_from', 'punct_basis', 'punct_until', 'punct_closed', 'version'] as const;
    const lights = await env.db.selectFrom('items').select(columns).where('id', 'in', ids).orderBy('id').execute();
    expect(lights.every((l) => l.light === 'none' && l.punct_from !== null)).toBe(true);
    const today = TEST_NOW.toISOString().slice(0, 10);
    await env.db.transaction().execute((tx) => refreshLights(tx, today, TEST_NOW.toISOString(), ids));
    expect(await env.db.selectFrom('items').select(columns).where('id', 'in', ids).orderBy('id').execute()).toEqual(lights);
    expect(await countOf('domain_events')).toBe(before.events);
  });

  it('leaves nothing behind when the commit fails after the batched writes', async () => {
    const up = await city.upload(uploadUrl(cangxi), xlsx(await bigSheet('批量回滚事项'), '苍溪批量2.xlsx'));
    expect(up.status).toBe(201);
    expect(up.body.counts).toMatchObject({ add: 3 * PER_SECTION, update: 0, unchanged: 0 });
    const before = await allCounts();
    // The import's own audit row is the commit's last write: refused, after every item, search entry
    // and audit row went in, it must take all of them back with it.
    if (dialect === 'postgres') {
      await sql`create function refuse_ledger_import() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(env.db);
      await sql`create trigger refuse_ledger_import before insert on audit_log for each row when (new.action = 'ledger.import') execute function refuse_ledger_import()`.execute(
        env.db,
      );
    } else {
      await sql`create trigger refuse_ledger_import before insert on audit_log when new.action = 'ledger.import' begin select raise(abort, 'refused'); end`.execute(env.db);
    }
    try {
      const r = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {});
      expect(r.status).toBe(500);
    } finally {
      await sql`drop trigger refuse_ledger_import${sql.raw(dialect === 'postgres' ? ' on audit_log' : '')}`.execute(env.db);
      if (dialect === 'postgres') await sql`drop function refuse_ledger_import`.execute(env.db);
    }
    expect(await allCounts()).toEqual(before);
    expect((await env.db.selectFrom('ledger_imports').select('status').where('id', '=', up.body.id).executeTakeFirstOrThrow()).status).toBe('preview');
    // Nothing was half-done: the same import then commits in full.
    const done = await city.req('POST', `/api/v1/ledger-imports/${up.body.id}/commit`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.added).toBe(3 * PER_SECTION);
    expect((await auditor.req('GET', '/api/v1/audit-log/chain')).body).toMatchObject({ ok: true });
  });
});
