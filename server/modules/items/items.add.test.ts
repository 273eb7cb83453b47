import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../platform/session.js';
import { createTestEnv, dialect, TEST_NOW, type TestEnv } from '../../testing/support.js';
import { refreshLights } from '../lights/lights.service.js';
import { addItems, loadItem, type NewItem } from './items.command.js';

// A new item is stored with its first light and punctuality: what a refresh right after the insert
// wrote before, without rewriting every new row (a ledger import adds thousands at once).

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const today = TEST_NOW.toISOString().slice(0, 10);
const now = TEST_NOW.toISOString();

const LIGHT_COLUMNS = [
  'id',
  'light',
  'light_reasons_json',
  'punct_on_time',
  'punct_late',
  'punct_missing',
  'punct_pending',
  'punct_period',
  'punct_state',
  'punct_due',
  'punct_from',
  'punct_until',
  'punct_basis',
  'punct_closed',
  'version',
  'updated_at',
] as const;

const stored = (ids: number[]) => env.db.selectFrom('items').select(LIGHT_COLUMNS).where('id', 'in', ids).orderBy('id').execute();
const lightEvents = (ids: number[]) =>
  env.db.selectFrom('domain_events').select(['item_id', 'data_json', 'created_at']).where('type', '=', 'item.light_changed').where('item_id', 'in', ids).orderBy('id').execute();

function item(title: string, v: Partial<NewItem>): NewItem {
  return {
    title,
    content: '',
    category: 'direct_support',
    domain: '农业农村',
    leadUnitId: null,
    coUnitIds: [],
    responsible: '',
    deadline: '2027-12-31',
    ongoing: false,
    fundingWan: null,
    status: 'in_progress',
    progress: 0,
    progressNote: null,
    ...v,
  };
}

describe(`items: a new item's first light (${dialect})`, () => {
  it('is stored with the row as a refresh computes it, with the light-change events a refresh records', async () => {
    // 旺苍's list is adopted: its items owe reports and have lights.
    const consultationId = env.consultations.wangcang;
    const actor = (await loadActor(env.db, env.users['city.coord'], 'session', null))!;
    const ctx = { actor, ip: '127.0.0.1', requestId: 'test' };
    const [lead, co1, co2] = (await env.db.selectFrom('organisations').select('id').orderBy('id').limit(3).execute()).map((o) => o.id);
    const values = [
      item('逾期事项', { deadline: '2026-10-31', progress: 10, leadUnitId: lead, coUnitIds: [co2, co1], fundingWan: 12.5, progressNote: '进展' }),
      item('临期滞后事项', { deadline: '2026-12-05', progress: 0 }),
      item('常态化事项', { deadline: null, ongoing: true }),
      item('远期事项', { deadline: '2027-12-31', progress: 30 }),
      item('已完成事项', { status: 'completed', progress: 100 }),
    ];
    const added = await env.db.transaction().execute((tx) => addItems(tx, ctx, consultationId, values, { via: 'change_request', now, today }));
    const ids = added.map((i) => i.id);
    const first = await stored(ids);
    // New items owe the reports since adoption: the open ones light up, the completed one does not.
    expect(first.map((r) => r.light)).toEqual(['red', 'red', 'red', 'red', 'none']);
    expect(new Set(first.map((r) => r.light_reasons_json)).size).toBeGreaterThan(2);
    expect(first.every((r) => r.punct_from === today && r.punct_basis !== null)).toBe(true);
    // The items the command returns (built from what it wrote) are the items as read back.
    const read = await env.db.transaction().execute(async (tx) => Promise.all(ids.map((id) => loadItem(tx, id))));
    expect(added).toEqual(read);
    expect(added[0]).toMatchObject({ leadUnitId: lead, coUnitIds: [co2, co1], fundingWan: 12.5 });
    expect(added[0].coUnits).toHaveLength(2);

    // One event per item whose light is not 'none', from 'none', in the order of the items.
    const events = await lightEvents(ids);
    const lit = first.filter((r) => r.light !== 'none');
    expect(events.map((e) => e.item_id)).toEqual(lit.map((r) => r.id));
    expect(events.map((e) => JSON.parse(e.data_json))).toEqual(lit.map((r) => ({ from: 'none', to: r.light, reasons: JSON.parse(r.light_reasons_json) })));
    expect(events.every((e) => e.created_at === now)).toBe(true);

    // What the insert stored is what a refresh computes: it finds nothing to write and nothing to tell.
    await env.db.transaction().execute((tx) => refreshLights(tx, today, now, ids));
    expect(await stored(ids)).toEqual(first);
    expect(await lightEvents(ids)).toEqual(events);
  });
});
