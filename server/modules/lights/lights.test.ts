import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { sql } from 'kysely';
import { itemPunctuality, refreshAllLights } from './lights.service.js';

let env: TestEnv;
let city: Agent;
let wc: Agent;
let cx: Agent;
let leader: Agent;
let nyj: Agent;
let wangcang: number;

// Every test changes lights or settings of the demo: each starts from a fresh copy of it.
beforeEach(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  city = await env.login('city.coord');
  wc = await env.login('wangcang.coord');
  cx = await env.login('cangxi.coord');
  leader = await env.login('city.leader');
  nyj = await env.login('wangcang.nyj');
});
afterEach(() => env?.close());

const items = (q = '') => `/api/v1/consultations/${wangcang}/items?limit=200${q}`;
type Row = { id: number; title: string; light: string; lightReasons: { code: string; message: string }[]; deadline: string | null; status: string; version: number };

describe(`lights on items (${dialect})`, () => {
  it('shows a realistic mix on the demo list, every light with its reasons', async () => {
    const all = (await wc.req('GET', items())).body.data as Row[];
    const by = (l: string) => all.filter((i) => i.light === l);
    expect(by('green').length).toBeGreaterThan(10);
    expect(by('yellow').length).toBeGreaterThan(0);
    expect(by('red').length).toBeGreaterThan(0);
    expect(by('none').map((i) => i.status)).toEqual(['completed']);
    for (const i of all) expect(i.lightReasons.length, i.title).toBeGreaterThan(0);
  });

  it('filters by light and by overdue, and rejects unknown values', async () => {
    const all = (await city.req('GET', items())).body.data as Row[];
    for (const light of ['green', 'yellow', 'red', 'none']) {
      const r = await city.req('GET', items(`&light=${light}`));
      expect(r.status).toBe(200);
      expect(r.body.data.map((i: Row) => i.id).sort()).toEqual(
        all
          .filter((i) => i.light === light)
          .map((i) => i.id)
          .sort(),
      );
    }
    const overdue = (await city.req('GET', items('&overdue=true'))).body.data as Row[];
    const expected = all.filter((i) => i.deadline && i.deadline < '2026-11-25' && !['completed', 'cancelled'].includes(i.status));
    expect(expected.length).toBeGreaterThan(0);
    expect(overdue.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
    expect(overdue.every((i) => i.light === 'red')).toBe(true);
    expect((await city.req('GET', items('&overdue=false'))).body.data).toHaveLength(all.length);
    expect((await city.req('GET', items('&light=blue'))).status).toBe(400);
    expect((await city.req('GET', items('&overdue=yes'))).status).toBe(400);
  });

  it('recomputes the light when an item changes, and records the change once', async () => {
    const all = (await city.req('GET', items('&light=green'))).body.data as Row[];
    const item = all.find((i) => i.deadline && i.deadline > '2027-01-01')!;
    // An accepted change (through the list editor while allowed) or a progress edit: here, cancel it.
    const r = await wc.req('PATCH', `/api/v1/items/${item.id}`, { status: 'cancelled', version: item.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ light: 'none', lightReasons: [{ code: 'cancelled' }] });
    const events = await env.db.selectFrom('domain_events').select('data_json').where('item_id', '=', item.id).where('type', '=', 'item.light_changed').execute();
    expect(events.map((e) => JSON.parse(e.data_json))).toEqual([{ from: 'green', to: 'none', reasons: [{ code: 'cancelled', message: '事项已取消，不再亮灯' }] }]);
  });

  it('recomputes the light when an approved change request moves the deadline', async () => {
    const item = (await city.req('GET', items('&q=' + encodeURIComponent('推动技术合同认定登记')))).body.data[0] as Row & { progress: number };
    expect(item).toMatchObject({ light: 'green', deadline: '2026-12-31', progress: 0 });
    const cr = await wc.req('POST', `/api/v1/items/${item.id}/change-requests`, { kind: 'modify', reason: '提前完成认定', changes: { deadline: '2026-12-20' } });
    expect(cr.status, JSON.stringify(cr.body)).toBe(201);
    const ok = await city.req('POST', `/api/v1/change-requests/${cr.body.id}/decision`, { approve: true, note: '' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const after = (await city.req('GET', `/api/v1/items/${item.id}`)).body;
    expect(after.light).toBe('yellow');
    expect(after.lightReasons[0].code).toBe('deadline_near_lagging');
    expect(after.lightReasons[0].message).toContain('距完成时限（2026-12-20）还有25天，当前进度0%');
  });

  it('turns items red as the clock passes their deadline, in batches over every live consultation', async () => {
    env.clock.set(new Date('2027-01-05T02:00:00Z'));
    try {
      const n = await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
      // 旺苍's 30 and the province's 4: every item of the two implementing consultations.
      expect(n).toBe(34);
      // Straight from the table: a request with the clock moved weeks ahead would end the session.
      const red = await env.db.selectFrom('items').select(['deadline', 'light_reasons_json']).where('consultation_id', '=', wangcang).where('light', '=', 'red').execute();
      const passed = red.find((i) => i.deadline === '2026-12-31')!;
      expect(JSON.parse(passed.light_reasons_json)[0]).toEqual({ code: 'deadline_passed', message: '已超过完成时限（2026-12-31）5天，尚未完成' });
      // A second run changes nothing and tells nobody again.
      const before = await env.db
        .selectFrom('domain_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
      const after = await env.db
        .selectFrom('domain_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // 苍溪 is still negotiating: no lights.
      const cangxi = await env.db.selectFrom('items').select('light').where('consultation_id', '=', env.consultations.cangxi).execute();
      expect(new Set(cangxi.map((i) => i.light))).toEqual(new Set(['none']));
    } finally {
      env.clock.set(new Date('2026-11-25T02:00:00Z'));
      await refreshAllLights(env.db, env.clock.today(), env.clock.now().toISOString());
    }
  });
});

describe(`the nightly sweep at length (${dialect})`, () => {
  const STORED = [
    'light',
    'light_reasons_json',
    'punct_on_time',
    'punct_late',
    'punct_missing',
    'punct_pending',
    'punct_period',
    'punct_state',
    'punct_due',
    'punct_until',
    'punct_basis',
    'punct_closed',
  ] as const;
  const stored = () =>
    env.db
      .selectFrom('items')
      .select(['id', 'consultation_id', 'status', 'closed_on', 'punct_from', ...STORED])
      .where('consultation_id', 'in', [wangcang, env.consultations.province])
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();

  it('writes every item of a list longer than a batch with its own values, and restores them all once lost', async () => {
    // Copies of 旺苍's items at other progress, without reports: 630 live items, more than one batch of the sweep.
    for (let k = 1; k <= 20; k++) {
      await sql`insert into items (consultation_id, title, content, category, domain, lead_unit_id, responsible, deadline, ongoing, funding_yuan,
          status, progress, sort_order, version, created_by, created_at, updated_at, closed_on)
        select consultation_id, title || ${`（${k}）`}, content, category, domain, lead_unit_id, responsible, deadline, ongoing, funding_yuan,
          status, (progress + ${k * 7}) % 100, sort_order + ${k * 100}, 1, created_by, created_at, updated_at, closed_on
        from items where consultation_id = ${wangcang} and deleted_at is null and sort_order < 100`.execute(env.db);
    }
    const today = env.clock.today();
    const at = env.clock.now().toISOString();
    expect(await refreshAllLights(env.db, today, at)).toBe(634);
    const first = await stored();
    expect(first).toHaveLength(634);

    // Each item's punctuality is what the slot rule gives from its own reports, computed here from scratch.
    const cs = await env.db.selectFrom('consultations').select(['id', 'status', 'adopted_on', 'report_cycle', 'report_due_days']).execute();
    const reports = await env.db.selectFrom('progress_reports').select(['item_id', 'period', 'status', 'first_submitted_at']).execute();
    for (const item of first) {
      const c = cs.find((x) => x.id === item.consultation_id)!;
      const p = itemPunctuality(
        c,
        item,
        reports.filter((r) => r.item_id === item.id),
        today,
      );
      expect(
        STORED.filter((col) => col.startsWith('punct_')).map((col) => item[col]),
        String(item.id),
      ).toEqual(STORED.filter((col) => col.startsWith('punct_')).map((col) => p[col as keyof typeof p]));
    }
    // The copies differ from each other: a write that mixed up rows would show.
    expect(new Set(first.map((i) => i.light_reasons_json)).size).toBeGreaterThan(20);

    // Lose every stored value; the next sweep writes each one back exactly, from today.
    await env.db
      .updateTable('items')
      .set({
        light: 'none',
        light_reasons_json: '[]',
        punct_on_time: 9,
        punct_late: 9,
        punct_missing: 9,
        punct_pending: 9,
        punct_period: null,
        punct_state: null,
        punct_due: null,
        punct_from: null,
        punct_until: null,
        punct_basis: null,
        punct_closed: null,
      })
      .execute();
    await refreshAllLights(env.db, today, at);
    const again = await stored();
    expect(again.map(({ punct_from: _from, ...rest }) => rest)).toEqual(first.map(({ punct_from: _from, ...rest }) => rest));
    expect(new Set(again.map((i) => i.punct_from))).toEqual(new Set([today]));
  });
});

describe(`supervision settings (${dialect})`, () => {
  const url = (id = wangcang) => `/api/v1/consultations/${id}/supervision-settings`;

  it('shows the defaults to readers in scope, not to other counties', async () => {
    for (const reader of [city, wc, leader, nyj]) {
      const r = await reader.req('GET', url());
      expect(r.status, reader.username).toBe(200);
      expect(r.body).toMatchObject({
        reportCycle: 'quarterly',
        reportDueDays: 10,
        thresholds: { redReportLateDays: 15, yellowDeadlineDays: 30, yellowLagPoints: 20 },
        reminderDays: [7, 1],
        adoptedOn: '2026-03-25',
        today: '2026-11-25',
      });
    }
    expect((await cx.req('GET', url())).status).toBe(404);
    expect((await env.anon('GET', url())).status).toBe(401);
  });

  it('lets only the host coordinator change them, with the version, audited; lights follow', async () => {
    const cur = (await city.req('GET', url())).body;
    const next = {
      reportCycle: 'monthly',
      reportDueDays: 5,
      thresholds: { redReportLateDays: 40, yellowDeadlineDays: 30, yellowLagPoints: 20 },
      reminderDays: [3, 1],
      version: cur.version,
    };
    for (const [agent, status] of [
      [wc, 403],
      [leader, 403],
      [nyj, 403],
      [cx, 404],
    ] as const) {
      expect((await agent.req('PUT', url(), next)).status, agent.username).toBe(status);
    }
    expect((await env.anon('PUT', url(), next)).status).toBe(401);
    for (const bad of [
      { ...next, reportCycle: 'weekly' },
      { ...next, reportDueDays: 61 },
      { ...next, thresholds: { ...next.thresholds, yellowLagPoints: 101 } },
      { ...next, reminderDays: [0] },
      { ...next, version: undefined },
    ]) {
      const r = await city.req('PUT', url(), bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await city.req('PUT', url(), { ...next, version: cur.version + 5 })).status).toBe(409);
    const redBefore = (await city.req('GET', items('&light=red'))).body.data.length;

    const r = await city.req('PUT', url(), next);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ reportCycle: 'monthly', reportDueDays: 5, reminderDays: [3, 1], version: cur.version + 1 });
    const audit = await env.auditRows('consultation', wangcang);
    expect(audit.at(-1)).toMatchObject({
      action: 'consultation.supervision_settings',
      username: 'city.coord',
      before: { reportCycle: 'quarterly' },
      after: { reportCycle: 'monthly' },
    });
    // Monthly reports from April on were never written: many more months are now missing.
    const reasons = ((await city.req('GET', items())).body.data as Row[]).flatMap((i) => i.lightReasons.map((x) => x.code));
    expect(reasons).toContain('report_overdue_long');
    expect((await city.req('GET', items('&light=red'))).body.data.length).toBeGreaterThan(redBefore);
    const slots = await nyj.req('GET', `/api/v1/items/${(await city.req('GET', items())).body.data[0].id}/report-slots`);
    expect(slots.body.data[0].period).toBe('2026M11');
  });
});
