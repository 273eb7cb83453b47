import { sql } from 'kysely';
import { CATEGORIES, DEFAULT_DOMAINS } from '../domain/items.js';
import type { Db } from '../server/platform/db.js';
import { dialectOf } from '../server/platform/db-helpers.js';

/*
 * National scale: `items` items in consultations of 150 across a tree of provinces → cities →
 * counties, five progress reports per item. Every city's bureau holds the same number of
 * consultations with its counties (two years × seven counties), whatever the total: the demo city
 * (广元) is the first of them, so its bureau's and counties' scopes are the same size at 10,000 items
 * and at 1,000,000, and a latency that grows with the total is the database's doing, not the scope's.
 *
 * Rows are written by the database itself (INSERT … SELECT over a small recursive sequence, the same
 * SQL on SQLite and PostgreSQL), tens of thousands per statement, so a million items and five million
 * reports take minutes, not hours.
 */

export const ITEMS_PER_CONSULTATION = 150;
export const REPORTS_PER_ITEM = 5;
const COUNTIES_PER_CITY = 7;
const YEARS = [2025, 2026];
const CITIES_PER_PROVINCE = 20;
const CONSULTATIONS_PER_CITY = COUNTIES_PER_CITY * YEARS.length;
/** Adopted mid-2025 on a quarterly cycle: by late 2026 each item owes the five quarters 2025Q3–2026Q3. */
const ADOPTED_ON = '2025-06-15';
const PERIODS = ['2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3'];
const ON_TIME = ['2025-10-06', '2026-01-05', '2026-04-08', '2026-07-03', '2026-10-09'];
const LATE = ['2025-10-21', '2026-01-19', '2026-04-25', '2026-07-20', '2026-10-30'];

export interface ScaleTree {
  /** The first organisation of each level the bench logs in as. */
  province: number;
  bureau: number;
  county: number;
}

/** `CASE <expr> WHEN 0 THEN 'a' WHEN 1 THEN 'b' … END` over a list of literals. */
function pick(expr: string, values: readonly (string | null)[]): string {
  const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  return `CASE ${expr} ${values.map((v, i) => `WHEN ${i} THEN ${lit(v)}`).join(' ')} END`;
}

async function insertOrgs(db: Db, rows: { parent: number | null; name: string; kind: 'province' | 'city' | 'county' | 'government' | 'department'; order: number }[], now: string) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const got = await db
      .insertInto('organisations')
      .values(
        chunk.map((r) => ({
          parent_id: r.parent,
          name: r.name,
          short_name: null,
          kind: r.kind,
          division_code: null,
          path: '',
          sort_order: r.order,
          version: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'name'])
      .execute();
    const byName = new Map(got.map((g) => [g.name, g.id]));
    ids.push(...chunk.map((r) => byName.get(r.name)!));
  }
  // Each new row's path is its parent's path plus its own id.
  await sql`update organisations set path = coalesce((select p.path from organisations p where p.id = organisations.parent_id), '/') || cast(id as varchar(20)) || '/' where path = ''`.execute(
    db,
  );
  return ids;
}

/** Builds the national tree and its consultations, items and reports; returns what was written. */
export async function generateNation(db: Db, orgs: Record<string, number>, createdBy: number, items: number) {
  const now = new Date().toISOString();
  const consultationCount = Math.max(1, Math.round(items / ITEMS_PER_CONSULTATION));
  const cityCount = Math.ceil(consultationCount / CONSULTATIONS_PER_CITY);
  const provinceCount = Math.ceil(cityCount / CITIES_PER_PROVINCE);
  if (dialectOf(db) === 'sqlite') {
    // A bulk build: the file is scratch, so durability gives way to speed until the load is done.
    await sql`pragma synchronous = off`.execute(db);
    await sql`pragma cache_size = -262144`.execute(db);
  }

  // Provinces (四川 is the seeded one), then cities (广元 is the seeded first), their bureaus and counties.
  const provinces = [
    orgs.sichuan,
    ...(await insertOrgs(
      db,
      Array.from({ length: provinceCount - 1 }, (_, p) => ({ parent: null, name: `基准省${p + 1}`, kind: 'province' as const, order: 10 + p })),
      now,
    )),
  ];
  const newCities = Array.from({ length: cityCount - 1 }, (_, k) => {
    const j = k + 1;
    return { parent: provinces[Math.floor(j / CITIES_PER_PROVINCE)], name: `基准市${j}`, kind: 'city' as const, order: 10 + (j % CITIES_PER_PROVINCE) };
  });
  const cityIds = await insertOrgs(db, newCities, now);
  const bureaus = [
    orgs.bureau,
    ...(await insertOrgs(
      db,
      cityIds.map((city, k) => ({ parent: city, name: `基准市${k + 1}科学技术局`, kind: 'department' as const, order: 0 })),
      now,
    )),
  ];
  const seededCounties = ['lizhou', 'zhaohua', 'chaotian', 'wangcang', 'qingchuan', 'jiange', 'cangxi'].map((k) => orgs[`${k}.gov`]);
  const countyRows = cityIds.flatMap((city, k) =>
    Array.from({ length: COUNTIES_PER_CITY }, (_, c) => ({ parent: city, name: `基准市${k + 1}县${c + 1}`, kind: 'county' as const, order: c + 1 })),
  );
  const countyIds = await insertOrgs(db, countyRows, now);
  const govIds = await insertOrgs(
    db,
    countyIds.map((county, i) => ({ parent: county, name: `${countyRows[i].name}人民政府`, kind: 'government' as const, order: 0 })),
    now,
  );
  const governments = [seededCounties, ...cityIds.map((_, k) => govIds.slice(k * COUNTIES_PER_CITY, (k + 1) * COUNTIES_PER_CITY))];

  // Consultations: city × year × county, host the city's bureau, partner the county's government.
  const plan = Array.from({ length: consultationCount }, (_, k) => {
    const city = Math.floor(k / CONSULTATIONS_PER_CITY);
    const year = YEARS[Math.floor((k % CONSULTATIONS_PER_CITY) / COUNTIES_PER_CITY)];
    const partner = governments[city][k % COUNTIES_PER_CITY];
    return { host: bureaus[city], partner, year, title: `全国基准会商 ${city + 1}-${(k % COUNTIES_PER_CITY) + 1}-${year}` };
  });
  const consultationIds: number[] = [];
  for (let i = 0; i < plan.length; i += 500) {
    const chunk = plan.slice(i, i + 500);
    const got = await db
      .insertInto('consultations')
      .values(
        chunk.map((p) => ({
          title: p.title,
          year: p.year,
          theme: '全国规模基准测试数据',
          status: 'implementing' as const,
          version: 1,
          created_by: createdBy,
          created_at: now,
          updated_at: now,
          adopted_on: ADOPTED_ON,
          report_cycle: 'quarterly',
        })),
      )
      .returning('id')
      .execute();
    consultationIds.push(...got.map((g) => g.id));
    await db
      .insertInto('consultation_parties')
      .values(
        chunk.flatMap((p, n) => [
          { consultation_id: got[n].id, org_id: p.host, side: 'host' as const },
          { consultation_id: got[n].id, org_id: p.partner, side: 'partner' as const },
        ]),
      )
      .execute();
  }
  const first = consultationIds[0];
  const last = consultationIds[consultationIds.length - 1];

  // Items: a mix of categories, domains, statuses, lights and deadlines (some overdue), both sides leading.
  const status = pick('(s.n * 7 + c.id) % 10', [
    'not_started',
    'not_started',
    'in_progress',
    'in_progress',
    'in_progress',
    'in_progress',
    'completed',
    'completed',
    'delayed',
    'cancelled',
  ]);
  const open = `((s.n * 7 + c.id) % 10) not in (6, 7, 9)`;
  const deadline = pick('s.n % 5', ['2025-12-31', '2026-06-30', '2026-12-31', '2027-06-30', null]);
  const light = `CASE WHEN ${open} THEN ${pick('(s.n * 3 + c.id) % 10', ['green', 'green', 'green', 'green', 'green', 'yellow', 'yellow', 'red', 'none', 'none'])} ELSE 'none' END`;
  const closedOn = `CASE WHEN ((s.n * 7 + c.id) % 10) in (6, 7) THEN ${pick('s.n % 4', ['2025-09-30', '2026-03-31', '2026-08-15', null])} END`;
  const seq = (n: number) => sql.raw(`with recursive s(n) as (select 0 union all select n + 1 from s where n < ${n - 1})`);
  const chunkOf = 200; // consultations per statement: 30,000 items
  for (let lo = first; lo <= last; lo += chunkOf) {
    await sql`${seq(ITEMS_PER_CONSULTATION)}
      insert into items (consultation_id, title, content, category, domain, lead_unit_id, responsible, deadline, ongoing, funding_yuan, status, progress,
        sort_order, version, created_by, created_at, updated_at, deleted_at, light, light_reasons_json, closed_on)
      select c.id, ${sql.lit('全国基准事项 ')} || cast(s.n + 1 as varchar(10)) || ${sql.lit('：推动县域科技创新能力提升')},
        ${sql.lit('基准测试内容，模拟台账中的主要内容及目标。')},
        ${sql.raw(pick('s.n % 3', CATEGORIES))}, ${sql.raw(pick(`s.n % ${DEFAULT_DOMAINS.length}`, DEFAULT_DOMAINS))},
        case when s.n % 2 = 0 then h.org_id else p.org_id end, '', ${sql.raw(deadline)}, case when s.n % 5 = 4 then 1 else 0 end,
        case when s.n % 3 = 0 then 500000 end, ${sql.raw(status)}, (s.n * 7) % 100,
        s.n + 1, 1, ${sql.lit(createdBy)}, ${now}, ${now}, case when s.n = 149 and c.id % 10 = 0 then ${now} end,
        ${sql.raw(light)}, '[]', ${sql.raw(closedOn)}
      from consultations c
      join consultation_parties h on h.consultation_id = c.id and h.side = 'host'
      join consultation_parties p on p.consultation_id = c.id and p.side = 'partner'
      cross join s
      where c.id >= ${lo} and c.id < ${lo + chunkOf}`.execute(db);
  }
  const range = await db
    .selectFrom('items')
    .select((eb) => [eb.fn.min<number>('id').as('lo'), eb.fn.max<number>('id').as('hi')])
    .where('consultation_id', '>=', first)
    .executeTakeFirstOrThrow();

  // Five quarterly reports per item: most accepted, some awaiting review or returned, one in seven late.
  const late = '(i.id * 3 + s.n) % 7 = 0';
  const firstAt = `CASE WHEN ${late} THEN ${pick('s.n', LATE)} ELSE ${pick('s.n', ON_TIME)} END || 'T02:00:00.000Z'`;
  const reportStatus = pick('(i.id + s.n) % 10', ['submitted', 'returned', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
  const step = 40_000; // items per statement: 200,000 reports
  for (let lo = Number(range.lo); lo <= Number(range.hi); lo += step) {
    await sql`${seq(REPORTS_PER_ITEM)}
      insert into progress_reports (item_id, period, status, round, progress_html, percent, problems, next_steps, author_id, author_org_id,
        submitted_at, first_submitted_at, reviewed_by, reviewed_at, review_note, version, created_at, updated_at)
      select i.id, ${sql.raw(pick('s.n', PERIODS))}, ${sql.raw(reportStatus)}, 1, ${sql.lit('<p>按计划推进，本季度完成阶段目标。</p>')}, (s.n + 1) * 15, '', '',
        ${sql.lit(createdBy)}, i.lead_unit_id, ${sql.raw(firstAt)}, ${sql.raw(firstAt)},
        case when (i.id + s.n) % 10 >= 2 then ${sql.lit(createdBy)} end, case when (i.id + s.n) % 10 >= 2 then ${sql.raw(firstAt)} end, null, 1, ${now}, ${now}
      from items i cross join s
      where i.id >= ${lo} and i.id < ${lo + step} and i.consultation_id >= ${first}`.execute(db);
  }
  // PostgreSQL's autovacuum gathers statistics after a load this size; SQLite has none unless asked,
  // and the application never asks, so its planner works without them here too.
  if (dialectOf(db) === 'postgres') await sql`analyze`.execute(db);
  else await sql`pragma synchronous = normal`.execute(db);

  const count = async (table: 'items' | 'progress_reports') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const tree: ScaleTree = { province: orgs.sichuan, bureau: orgs.bureau, county: orgs['wangcang.gov'] };
  return {
    tree,
    provinces: provinceCount,
    cities: cityCount,
    consultations: consultationCount,
    items: await count('items'),
    reports: await count('progress_reports'),
    /** A consultation of 150 items in the bureau's scope: the hot list. */
    hotConsultation: first,
  };
}
