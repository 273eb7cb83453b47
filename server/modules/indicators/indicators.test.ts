import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xlsx } from '../ledger/ledger.testkit.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

// The county's yearly figures as the people who use them: 旺苍's coordinator enters and submits,
// the city bureau returns and accepts, leaders read growth, readiness and the comparison.

let env: TestEnv;
let wc: Agent;
let city: Agent;
beforeEach(async () => {
  env = await createTestEnv();
  wc = await env.login('wangcang.coord');
  city = await env.login('city.coord');
});
afterEach(() => env?.close());

const WANGCANG = '510821';
const CANGXI = '510824';

async function sheet(agent: Agent, division: string, year: number) {
  return (await agent.req('GET', `/api/v1/indicators/sheet?division=${division}&year=${year}`)).body;
}

describe(`indicators (${dialect})`, () => {
  it('serves 旺苍’s accepted figures with the story’s growth: 高新技术产业营业收入 +27%, R&D强度 +32.4%', async () => {
    const r = await wc.req('GET', `/api/v1/indicators/values?division=${WANGCANG}&year=2021`);
    expect(r.status).toBe(200);
    const by = Object.fromEntries(r.body.data.map((v: { indicator: string }) => [v.indicator, v]));
    expect(by.hitech_revenue).toMatchObject({ value: 19.05, growthPct: 27, computed: false, final: true });
    expect(by.rd_intensity.computed).toBe(true);
    expect(by.rd_intensity.value).toBeCloseTo(0.9003, 3);
    expect(by.rd_intensity.growthPct).toBeCloseTo(32.4, 1);
    // Percentage points for a ratio: 0.68 → 0.90.
    expect(by.rd_intensity.changePp).toBeCloseTo(0.22, 2);
    const first = await wc.req('GET', `/api/v1/indicators/values?division=${WANGCANG}&year=2019`);
    expect(first.body.data.every((v: { growthPct: number | null }) => v.growthPct === null)).toBe(true);
  });

  it('keeps each county to its own figures; the city sees all seven', async () => {
    expect((await wc.req('GET', `/api/v1/indicators/values?division=${CANGXI}`)).status).toBe(404);
    expect((await wc.req('GET', `/api/v1/indicators/sheet?division=${CANGXI}&year=2024`)).status).toBe(404);
    expect((await wc.req('GET', '/api/v1/indicators/counties')).body.data.map((c: { divisionCode: string }) => c.divisionCode)).toEqual([WANGCANG]);
    expect((await city.req('GET', '/api/v1/indicators/counties')).body.data).toHaveLength(7);
    expect((await city.req('GET', '/api/v1/indicators/values?division=999999')).status).toBe(404);
    const cx = await env.login('cangxi.coord');
    const save = await cx.req('PUT', '/api/v1/indicators/sheet', { division: WANGCANG, year: 2025, version: 0, values: [{ indicator: 'gdp', value: 1 }] });
    expect(save.status).toBe(404);
  });

  it('draws the dashboard’s trend from the accepted figures: the same numbers the comparison shows, scoped to the county', async () => {
    const t = await city.req('GET', '/api/v1/indicators/trend?indicator=hitech_revenue');
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    expect(t.body.counties).toHaveLength(7);
    // Other counties' 2025 is accepted in the demo data; 旺苍's is not begun.
    expect(t.body.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    const w = t.body.counties.findIndex((c: { divisionCode: string }) => c.divisionCode === WANGCANG);
    const at = (y: number) => t.body.values[w][t.body.years.indexOf(y)];
    expect(at(2021) / at(2020)).toBeCloseTo(1.27, 4);
    for (const year of [2019, 2024, 2025]) {
      const cmp = (await city.req('GET', `/api/v1/indicators/comparison?year=${year}`)).body;
      const row = cmp.indicators.find((i: { code: string }) => i.code === 'hitech_revenue').values;
      expect(t.body.counties.map((_: unknown, i: number) => t.body.values[i][t.body.years.indexOf(year)])).toEqual(row);
    }
    // A draft is not a figure yet.
    await wc.req('PUT', '/api/v1/indicators/sheet', { division: WANGCANG, year: 2025, version: 0, values: [{ indicator: 'hitech_revenue', value: 40 }] });
    const own = await wc.req('GET', '/api/v1/indicators/trend?indicator=hitech_revenue');
    expect(own.body.counties.map((c: { divisionCode: string }) => c.divisionCode)).toEqual([WANGCANG]);
    expect(own.body.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(own.body.values[0]).toEqual(t.body.values[w].slice(0, 6));
    expect((await city.req('GET', '/api/v1/indicators/trend?indicator=no_such_thing')).status).toBe(404);
    expect((await city.req('GET', '/api/v1/indicators/trend?indicator=GDP;drop')).status).toBe(400);
    expect((await env.anon('GET', '/api/v1/indicators/trend?indicator=gdp')).status).toBe(401);
  });

  it('runs a 2025 sheet through draft, submission, return, correction and acceptance, with history', async () => {
    const blank = await sheet(wc, WANGCANG, 2025);
    expect(blank).toMatchObject({ status: null, version: 0, can: { edit: true, submit: false, review: false } });
    const prev = blank.lines.find((l: { indicator: string }) => l.indicator === 'gdp').previous;
    const firms = blank.lines.find((l: { indicator: string }) => l.indicator === 'hitech_enterprises').previous;
    const rdPrev = Math.round(blank.lines.find((l: { indicator: string }) => l.indicator === 'rd_expenditure').previous * 1.1);
    expect(prev).toBeGreaterThan(0);
    const saved = await wc.req('PUT', '/api/v1/indicators/sheet', {
      division: WANGCANG,
      year: 2025,
      version: 0,
      values: [
        { indicator: 'gdp', value: Math.round(prev * 1.06) },
        { indicator: 'rd_expenditure', value: rdPrev },
        { indicator: 'hitech_enterprises', value: firms + 3 },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.status).toBe('draft');
    const rd = saved.body.lines.find((l: { indicator: string }) => l.indicator === 'rd_intensity');
    expect(rd.computed).toBe(true);
    expect(rd.value).toBeCloseTo((rdPrev / Math.round(prev * 1.06)) * 100, 3);
    // Until submitted the city sees nothing of it, and cannot review it.
    const seenByCity = await sheet(city, WANGCANG, 2025);
    expect(seenByCity.status).toBeNull();
    expect(seenByCity.lines.every((l: { value: number | null }) => l.value === null)).toBe(true);

    // A year or version out of any column's range is refused as input, before it reaches the database.
    for (const bad of [{ year: -425647914614181 }, { year: 99999 }, { version: 2 ** 40 }]) {
      const r = await wc.req('POST', '/api/v1/indicators/sheet/submit', { division: WANGCANG, year: 2025, version: saved.body.version, ...bad });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    const submitted = await wc.req('POST', '/api/v1/indicators/sheet/submit', { division: WANGCANG, year: 2025, version: saved.body.version });
    expect(submitted.body.status).toBe('submitted');
    expect((await wc.req('PUT', '/api/v1/indicators/sheet', { division: WANGCANG, year: 2025, version: submitted.body.version, values: [] })).status).toBe(409);
    expect((await wc.req('POST', '/api/v1/indicators/sheet/review', { division: WANGCANG, year: 2025, version: submitted.body.version, decision: 'accept' })).status).toBe(403);

    const noReason = await city.req('POST', '/api/v1/indicators/sheet/review', { division: WANGCANG, year: 2025, version: submitted.body.version, decision: 'return' });
    expect(noReason.status).toBe(422);
    const returned = await city.req('POST', '/api/v1/indicators/sheet/review', {
      division: WANGCANG,
      year: 2025,
      version: submitted.body.version,
      decision: 'return',
      reason: '高新技术企业数与认定名单不符，请核实',
    });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '高新技术企业数与认定名单不符，请核实' });

    const fixed = await wc.req('PUT', '/api/v1/indicators/sheet', {
      division: WANGCANG,
      year: 2025,
      version: returned.body.version,
      values: [{ indicator: 'hitech_enterprises', value: firms + 1 }],
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const again = await wc.req('POST', '/api/v1/indicators/sheet/submit', { division: WANGCANG, year: 2025, version: fixed.body.version });
    const accepted = await city.req('POST', '/api/v1/indicators/sheet/review', { division: WANGCANG, year: 2025, version: again.body.version, decision: 'accept' });
    expect(accepted.body.status).toBe('accepted');
    const published = await city.req('GET', `/api/v1/indicators/values?division=${WANGCANG}&year=2025`);
    expect(published.body.data.find((v: { indicator: string }) => v.indicator === 'hitech_enterprises')).toMatchObject({ value: firms + 1, final: false });

    const history = await wc.req('GET', `/api/v1/indicators/history?division=${WANGCANG}&year=2025&indicator=hitech_enterprises`);
    expect(history.body.data.map((h: { action: string; value: number | null }) => [h.action, h.value])).toEqual([
      ['accepted', null],
      ['submitted', null],
      ['entered', firms + 1],
      ['returned', null],
      ['submitted', null],
      ['entered', firms + 3],
    ]);
    const audit = await env.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'indicator_sheet').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'indicator.sheet_save',
      'indicator.sheet_submit',
      'indicator.sheet_review',
      'indicator.sheet_save',
      'indicator.sheet_submit',
      'indicator.sheet_review',
    ]);
  });

  it('sends an accepted year back for correction; the county re-imports its workbook and only that year is written', async () => {
    const accepted = await sheet(city, WANGCANG, 2023);
    expect(accepted).toMatchObject({ status: 'accepted', can: { review: false, reopen: true } });
    expect((await sheet(wc, WANGCANG, 2023)).can).toMatchObject({ edit: false, reopen: false });
    const review = (agent: Agent, body: object) => agent.req('POST', '/api/v1/indicators/sheet/review', { division: WANGCANG, year: 2023, version: accepted.version, ...body });
    expect((await review(wc, { decision: 'return', reason: '自查' })).status).toBe(403);
    expect((await review(city, { decision: 'accept' })).status).toBe(409);
    expect((await review(city, { decision: 'return' })).status).toBe(422);
    const reopened = await review(city, { decision: 'return', reason: '2023年技术合同成交额以年报数为准，请更正' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'returned', can: { reopen: false } });
    expect((await sheet(wc, WANGCANG, 2023)).can).toMatchObject({ edit: true });

    // The office's own workbook, 2019–2023: the four accepted years stay as they are.
    const sample = xlsx(fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/indicators-wangcang-2019-2023.xlsx')), 'indicators-wangcang-2019-2023.xlsx');
    const before2022 = await sheet(city, WANGCANG, 2022);
    const preview = await wc.upload('/api/v1/indicators/imports/preview', sample);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ blocked: false, problems: [] });
    expect(preview.body.skipped.map((k: { year: number; status: string }) => `${k.year} ${k.status}`)).toEqual([
      '2019 accepted',
      '2020 accepted',
      '2021 accepted',
      '2022 accepted',
    ]);
    const done = await wc.upload('/api/v1/indicators/imports/commit', sample);
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ years: [2023], skipped: [2019, 2020, 2021, 2022] });
    expect(done.body.written).toBe(preview.body.values.filter((v: { year: number }) => v.year === 2023).length);
    expect(await sheet(city, WANGCANG, 2022)).toEqual(before2022);
    // Still the returned sheet (its reason shown) until the county submits the correction.
    const draft = await sheet(wc, WANGCANG, 2023);
    expect(draft).toMatchObject({ status: 'returned', returnReason: '2023年技术合同成交额以年报数为准，请更正' });
    const line = (code: string) => draft.lines.find((l: { indicator: string }) => l.indicator === code);
    // The sample's 2023 column: 2,640 万元 as a 快报 (preliminary) figure.
    expect(line('tech_contract_turnover')).toMatchObject({ value: 2640, final: false });
    const submitted = await wc.req('POST', '/api/v1/indicators/sheet/submit', { division: WANGCANG, year: 2023, version: draft.version });
    expect(submitted.body.status).toBe('submitted');
  });

  it('asks for a note when a figure moves more than the threshold from last year', async () => {
    const s = await sheet(wc, WANGCANG, 2025);
    const prev = s.lines.find((l: { indicator: string }) => l.indicator === 'hitech_revenue').previous;
    const jump = await wc.req('PUT', '/api/v1/indicators/sheet', { division: WANGCANG, year: 2025, version: 0, values: [{ indicator: 'hitech_revenue', value: prev * 2 }] });
    expect(jump.status).toBe(422);
    expect(jump.body.error.code).toBe('INDICATOR_NOTE_REQUIRED');
    expect(jump.body.error.details[0].field).toBe('body.values.0.note');
    const explained = await wc.req('PUT', '/api/v1/indicators/sheet', {
      division: WANGCANG,
      year: 2025,
      version: 0,
      values: [{ indicator: 'hitech_revenue', value: prev * 2, note: '新认定两家龙头企业' }],
    });
    expect(explained.status).toBe(200);
  });

  it('refuses bad figures with the field named and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await env.db
            .selectFrom('indicator_values')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [unknown, number, string][] = [
      [{ division: WANGCANG, year: 2025, version: 0, values: [{ indicator: 'hitech_enterprises', value: -3 }] }, 422, 'body.values.0.value'],
      [{ division: WANGCANG, year: 2025, version: 0, values: [{ indicator: 'no_such_thing', value: 3 }] }, 422, 'body.values.0.indicator'],
      [{ division: WANGCANG, year: 2031, version: 0, values: [{ indicator: 'gdp', value: 3 }] }, 422, 'body.year'],
      [{ division: WANGCANG, year: 2025, version: 0, values: [{ indicator: 'gdp', value: '十二' }] }, 400, 'body.values.0.value'],
      [{ division: 'abc', year: 2025, version: 0, values: [] }, 400, 'body.division'],
    ];
    for (const [body, status, field] of cases) {
      const r = await wc.req('PUT', '/api/v1/indicators/sheet', body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await count()).toBe(before);
    expect((await env.db.selectFrom('indicator_sheets').selectAll().where('year', '=', 2031).execute()).length).toBe(0);
  });

  it('assesses readiness against the Sichuan targets and ranks counties with energy use lower-is-better', async () => {
    const leader = await env.login('city.leader');
    const r = await leader.req('GET', `/api/v1/indicators/readiness?division=${WANGCANG}&year=2024`);
    expect(r.status).toBe(200);
    const rd = r.body.rows.find((x: { indicator: string; level: string }) => x.indicator === 'rd_intensity' && x.level === 'province');
    expect(rd.threshold).toBe(1.2);
    expect(rd.gap).toBeCloseTo(rd.value - 1.2, 4);
    expect(rd.met).toBe(rd.value >= 1.2);
    expect(rd.series.map((s: { year: number }) => s.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(r.body.total).toBe(r.body.rows.length);

    const c = await leader.req('GET', '/api/v1/indicators/comparison?year=2024');
    expect(c.body.counties).toHaveLength(7);
    const energy = c.body.indicators.find((i: { code: string }) => i.code === 'energy_per_gdp');
    const lowest = Math.min(...energy.values);
    expect(energy.ranks[energy.values.indexOf(lowest)]).toBe(1);
    const gdp = c.body.indicators.find((i: { code: string }) => i.code === 'gdp');
    expect(gdp.ranks[gdp.values.indexOf(Math.max(...gdp.values))]).toBe(1);
    expect(c.body.scores.every((s: number | null) => s !== null && s >= 0 && s <= 100)).toBe(true);
    expect(c.body.scoreRanks.filter((x: number) => x === 1)).toHaveLength(1);

    // The bureau changes the weights: only R&D intensity counts, so its best county scores 100.
    const cat = (await city.req('GET', '/api/v1/indicators')).body;
    expect(cat.canManage).toBe(true);
    const set = await city.req('PUT', '/api/v1/indicator-settings', { jumpPct: cat.jumpPct, weights: [{ indicator: 'rd_intensity', weight: 1 }] });
    expect(set.status).toBe(200);
    const again = await leader.req('GET', '/api/v1/indicators/comparison?year=2024');
    const rdRow = again.body.indicators.find((i: { code: string }) => i.code === 'rd_intensity');
    expect(again.body.scores[rdRow.ranks.indexOf(1)]).toBe(100);
    expect((await leader.req('PUT', '/api/v1/indicator-settings', { jumpPct: 50, weights: [] })).status).toBe(403);
  });

  it('keeps the catalogue and targets for the bureau only', async () => {
    const cat = (await wc.req('GET', '/api/v1/indicators')).body;
    expect(cat.data.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining(['gdp', 'rd_intensity', 'hitech_revenue', 'invention_patents_per_10k', 'energy_per_gdp', 'st_progress_contribution', 'fiscal_st_share']),
    );
    expect(cat.data.find((i: { code: string }) => i.code === 'energy_per_gdp').direction).toBe('down');
    expect(cat.targets.find((t: { indicator: string; level: string }) => t.indicator === 'st_progress_contribution' && t.level === 'province').threshold).toBe(55);
    expect(cat.canManage).toBe(false);
    expect((await wc.req('POST', '/api/v1/indicator-targets', { indicator: 'gdp', level: 'city', fromYear: 2025, threshold: 1 })).status).toBe(403);
    const added = await city.req('POST', '/api/v1/indicator-targets', { indicator: 'tech_smes', level: 'city', fromYear: 2023, threshold: 30, note: '广元 2023 年目标' });
    expect(added.status).toBe(201);
    expect((await city.req('POST', '/api/v1/indicator-targets', { indicator: 'tech_smes', level: 'city', fromYear: 2023, threshold: 31 })).status).toBe(409);
    const ind = cat.data.find((i: { code: string }) => i.code === 'tech_smes');
    const renamed = await city.req('PATCH', '/api/v1/indicators/tech_smes', { name: '科技型中小企业入库数', version: ind.version });
    expect(renamed.body.name).toBe('科技型中小企业入库数');
    expect((await city.req('PATCH', '/api/v1/indicators/tech_smes', { name: 'x', version: ind.version })).status).toBe(409);
  });
});
