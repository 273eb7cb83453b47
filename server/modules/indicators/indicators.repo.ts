import type { Indicator } from '../../../domain/indicators.js';
import { CALCULATIONS, withComputed } from '../../../domain/indicators.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

export async function catalogue(db: Conn, opts: { activeOnly?: boolean } = {}): Promise<Indicator[]> {
  let q = db.selectFrom('indicators').selectAll().orderBy('sort_order').orderBy('code');
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return (await q.execute()).map((r) => ({
    code: r.code,
    name: r.name,
    unit: r.unit,
    direction: r.direction as Indicator['direction'],
    dimension: r.dimension,
    sourceDept: r.source_dept,
    definition: r.definition,
    formula: CALCULATIONS[r.code]?.formula ?? null,
    computed: r.code in CALCULATIONS,
    nonNegative: r.non_negative === 1,
    active: r.active === 1,
    sortOrder: r.sort_order,
    version: r.version,
  }));
}

export async function sheetOf(db: Conn, countyId: number, year: number) {
  return db.selectFrom('indicator_sheets').selectAll().where('county_id', '=', countyId).where('year', '=', year).executeTakeFirst();
}
export type SheetRow = NonNullable<Awaited<ReturnType<typeof sheetOf>>>;

export async function enteredValues(db: Conn, sheetId: number) {
  return db
    .selectFrom('indicator_values as v')
    .innerJoin('users as u', 'u.id', 'v.entered_by')
    .select(['v.indicator_code', 'v.value', 'v.final', 'v.note', 'v.evidence_id', 'v.entered_at', 'u.display_name'])
    .where('v.sheet_id', '=', sheetId)
    .execute();
}

export type Figure = { value: number | null; computed: boolean; final: boolean };
/** county id → year → indicator code → figure */
export type Published = Map<number, Map<number, Record<string, Figure>>>;

/**
 * The accepted figures of these counties, entered and computed: what every analysis, comparison and
 * the public API read. Drafts and sheets under review are the county's business until accepted.
 */
export async function published(db: Conn, countyIds: number[], upToYear?: number): Promise<Published> {
  let q = db
    .selectFrom('indicator_values as v')
    .innerJoin('indicator_sheets as s', 's.id', 'v.sheet_id')
    .select(['s.county_id', 's.year', 'v.indicator_code', 'v.value', 'v.final'])
    .where('s.status', '=', 'accepted')
    .where('s.county_id', 'in', countyIds.length ? countyIds : [0]);
  if (upToYear !== undefined) q = q.where('s.year', '<=', upToYear);
  const rows = await q.execute();
  const raw = new Map<number, Map<number, { values: Record<string, number | null>; final: Record<string, boolean> }>>();
  for (const r of rows) {
    const byYear = raw.get(r.county_id) ?? new Map();
    raw.set(r.county_id, byYear);
    const y = byYear.get(r.year) ?? { values: {}, final: {} };
    byYear.set(r.year, y);
    y.values[r.indicator_code] = r.value === null ? null : Number(r.value);
    y.final[r.indicator_code] = r.final === 1;
  }
  const out: Published = new Map();
  for (const [county, years] of raw) {
    const m = new Map<number, Record<string, Figure>>();
    for (const [year, y] of years) m.set(year, withFinality(y.values, y.final));
    out.set(county, m);
  }
  return out;
}

/** Entered and computed figures; a computed one is final when every input is. */
export function withFinality(values: Record<string, number | null>, final: Record<string, boolean>): Record<string, Figure> {
  const all = withComputed(values);
  const out: Record<string, Figure> = {};
  for (const [code, f] of Object.entries(all)) {
    const isFinal = f.computed ? CALCULATIONS[code].inputs.every((i) => final[i]) : !!final[code];
    out[code] = { ...f, final: isFinal };
  }
  return out;
}

export async function targets(db: Conn) {
  return (await db.selectFrom('indicator_targets').selectAll().orderBy('indicator_code').orderBy('level').orderBy('from_year').execute()).map((t) => ({
    id: t.id,
    indicator: t.indicator_code,
    level: t.level as 'province' | 'city',
    fromYear: t.from_year,
    threshold: Number(t.threshold),
    note: t.note,
  }));
}

export async function weights(db: Conn) {
  return (await db.selectFrom('indicator_weights').selectAll().orderBy('indicator_code').execute()).map((w) => ({ indicator: w.indicator_code, weight: Number(w.weight) }));
}

export async function settings(db: Conn) {
  return db.selectFrom('indicator_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}
