import type { Dashboard, DashboardItem, DashboardItemsQuery, DashboardQuery, LightCounts } from '../../../domain/dashboard.js';
import { completionRate, DASHBOARD_LIVE_STATUSES, DASHBOARD_OVERDUE_TOP, zeroLightCounts } from '../../../domain/dashboard.js';
import { CATEGORIES } from '../../../domain/items.js';
import { daysBetween, emptyPunctuality, judgedSlots, onTimeRate } from '../../../domain/periods.js';
import { LIGHTS } from '../../../domain/supervision.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { asLight, presentItem } from '../board/board.service.js';
import { punctualityTally } from '../lights/lights.punctuality.js';
import * as tallies from '../items/items.tallies.js';
import * as repo from './dashboard.repo.js';

const quarterOf = (day: string) => `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

function quarterRange(q: string): { from: string; to: string } {
  const year = q.slice(0, 4);
  const n = Number(q.slice(5));
  const lastMonth = n * 3;
  const lastDay = new Date(Date.UTC(Number(year), lastMonth, 0)).getUTCDate();
  return { from: `${year}-${String(lastMonth - 2).padStart(2, '0')}-01`, to: `${year}-${String(lastMonth).padStart(2, '0')}-${lastDay}` };
}

function quartersBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, q] = [Number(first.slice(0, 4)), Number(first.slice(5))];
  const [ly, lq] = [Number(last.slice(0, 4)), Number(last.slice(5))];
  while (y < ly || (y === ly && q <= lq)) {
    out.push(`${y}Q${q}`);
    q = q === 4 ? 1 : q + 1;
    if (q === 1) y++;
  }
  return out;
}

/** The consultations a dashboard covers: the one asked for, or a year's agreed lists, or those in force. */
async function chosen(deps: Deps, actor: Actor, f: { consultationId?: number; year?: number }) {
  assertCanRead(actor);
  const all = await repo.agreedConsultations(deps.db, actor);
  let picked = all.filter((c) => (DASHBOARD_LIVE_STATUSES as readonly string[]).includes(c.status));
  if (f.year !== undefined) picked = all.filter((c) => c.year === f.year);
  if (f.consultationId !== undefined) {
    picked = all.filter((c) => c.id === f.consultationId);
    if (!picked.length) throw notFound('会商');
  }
  return { all, picked };
}

/** For each consultation, the counties (县/区) its partners belong to. */
async function countiesOf(deps: Deps, ids: number[]) {
  const partners = await repo.partnersOf(deps.db, ids);
  const counties = await repo.countiesAbove(
    deps.db,
    partners.map((p) => p.path),
  );
  const byConsultation = new Map<number, typeof counties>();
  for (const p of partners) {
    const mine = counties.filter((c) => p.path.startsWith(c.path));
    byConsultation.set(p.consultation_id, [...(byConsultation.get(p.consultation_id) ?? []), ...mine]);
  }
  return { counties, byConsultation };
}

const countyRef = (c: { id: number; name: string; division_code: string | null }) => ({ id: c.id, name: c.name, divisionCode: c.division_code });

export async function dashboard(deps: Deps, actor: Actor, q: DashboardQuery): Promise<Dashboard> {
  const today = deps.clock.today();
  const { all, picked } = await chosen(deps, actor, q);
  const ids = picked.map((c) => c.id);
  const [counts, domains, units, completed, overdueCounts, overdueRows, { byUnit: punctuality }, counties] = await Promise.all([
    tallies.countsByConsultation(deps.db, ids),
    repo.countByDomain(deps.db, ids),
    tallies.countsByUnit(deps.db, ids),
    repo.completedByDay(deps.db, ids),
    repo.overdueByConsultation(deps.db, ids, today),
    repo.overdueRows(deps.db, ids, today, DASHBOARD_OVERDUE_TOP),
    punctualityTally(deps.db, picked, today),
    countiesOf(
      deps,
      all.map((c) => c.id),
    ),
  ]);

  const byLight = zeroLightCounts();
  const cell = new Map<string, number>();
  let items = 0;
  let done = 0;
  let cancelled = 0;
  const perConsultation = new Map<number, { total: number; byLight: LightCounts; completed: number; cancelled: number }>();
  for (const c of counts) {
    items += c.total;
    done += c.completed;
    cancelled += c.cancelled;
    for (const light of LIGHTS) byLight[light] += c.byLight[light];
    for (const [category, n] of c.byCategory) for (const light of LIGHTS) cell.set(`${category}|${light}`, (cell.get(`${category}|${light}`) ?? 0) + n[light]);
    perConsultation.set(c.consultationId, { total: c.total, byLight: c.byLight, completed: c.completed, cancelled: c.cancelled });
  }
  const overdueTotal = overdueCounts.reduce((s, r) => s + Number(r.n), 0);

  const domainRows = new Map<string, { domain: string; total: number; byLight: LightCounts }>();
  for (const r of domains) {
    const d = domainRows.get(r.domain) ?? { domain: r.domain, total: 0, byLight: zeroLightCounts() };
    d.total += Number(r.n);
    d.byLight[asLight(r.light)] += Number(r.n);
    domainRows.set(r.domain, d);
  }

  // Report punctuality per lead unit (punctualityTally): the tally the 督办看板, the bulletin and the annual summary use.
  const unitRows = new Map<number | null, Dashboard['byLeadUnit'][number]>();
  for (const u of units) {
    const row = unitRows.get(u.leadUnitId) ?? {
      leadUnit: u.leadUnitId !== null && u.leadUnitName !== null ? { id: u.leadUnitId, name: u.leadUnitName } : null,
      total: 0,
      completed: 0,
      cancelled: 0,
      completionRate: null,
      reportsOwed: 0,
      reportsOnTime: 0,
      onTimeRate: null,
    };
    row.total += u.total;
    row.completed += u.completed;
    row.cancelled += u.cancelled;
    unitRows.set(u.leadUnitId, row);
  }
  for (const [unit, row] of unitRows) {
    row.completionRate = completionRate(row.completed, row.total, row.cancelled);
    const p = punctuality.get(unit) ?? emptyPunctuality();
    row.reportsOwed = judgedSlots(p);
    row.reportsOnTime = p.onTime;
    row.onTimeRate = onTimeRate(p);
  }
  const byLeadUnit = [...unitRows.values()].sort((a, b) => {
    if (a.completionRate === null || b.completionRate === null) return a.completionRate === null ? 1 : -1;
    return a.completionRate - b.completionRate || b.total - a.total;
  });

  let undated = 0;
  const perQuarter = new Map<string, number>();
  for (const r of completed) {
    if (!r.closed_on) undated += Number(r.n);
    else perQuarter.set(quarterOf(r.closed_on), (perQuarter.get(quarterOf(r.closed_on)) ?? 0) + Number(r.n));
  }
  const firstAdoption = picked
    .map((c) => c.adopted_on)
    .filter((d): d is string => !!d)
    .sort()[0];
  const closedDays = completed
    .map((r) => r.closed_on)
    .filter((d): d is string => !!d)
    .sort();
  const start = [firstAdoption, closedDays[0]].filter(Boolean).sort()[0];
  const quarters = start ? quartersBetween(quarterOf(start), quarterOf(today)) : [];

  const overdueById = new Map(overdueCounts.map((r) => [r.consultation_id, Number(r.n)]));
  const countyRows = new Map<number, Dashboard['byCounty'][number]>();
  for (const c of picked) {
    for (const county of new Map((counties.byConsultation.get(c.id) ?? []).map((x) => [x.id, x])).values()) {
      const row = countyRows.get(county.id) ?? {
        county: countyRef(county),
        consultations: 0,
        total: 0,
        byLight: zeroLightCounts(),
        completed: 0,
        cancelled: 0,
        completionRate: null,
        overdue: 0,
      };
      const s = perConsultation.get(c.id) ?? { total: 0, byLight: zeroLightCounts(), completed: 0, cancelled: 0 };
      row.consultations++;
      row.total += s.total;
      for (const l of LIGHTS) row.byLight[l] += s.byLight[l];
      row.completed += s.completed;
      row.cancelled += s.cancelled;
      row.overdue += overdueById.get(c.id) ?? 0;
      countyRows.set(county.id, row);
    }
  }
  for (const r of countyRows.values()) r.completionRate = completionRate(r.completed, r.total, r.cancelled);

  return {
    today,
    filter: { consultationId: q.consultationId ?? null, year: q.year ?? null },
    options: {
      consultations: all.map((c) => ({
        id: c.id,
        title: c.title,
        year: c.year,
        status: c.status,
        counties: [...new Map((counties.byConsultation.get(c.id) ?? []).map((x) => [x.id, countyRef(x)])).values()],
      })),
      years: [...new Set(all.map((c) => c.year))].sort((a, b) => b - a),
    },
    consultationIds: ids,
    totals: { items, byLight, completed: done, cancelled, overdue: overdueTotal, completionRate: completionRate(done, items, cancelled) },
    byCategoryLight: CATEGORIES.flatMap((category) => LIGHTS.map((light) => ({ category, light, count: cell.get(`${category}|${light}`) ?? 0 }))),
    byDomain: [...domainRows.values()].sort((a, b) => b.total - a.total || a.domain.localeCompare(b.domain)),
    byLeadUnit,
    completedByQuarter: { quarters: quarters.map((period) => ({ period, count: perQuarter.get(period) ?? 0 })), undated },
    overdue: { total: overdueTotal, rows: overdueRows.map((r) => ({ ...present(r), daysOverdue: daysBetween(r.deadline!, today) })) },
    byCounty: [...countyRows.values()].sort((a, b) => b.byLight.red - a.byLight.red || b.total - a.total),
  };
}

function present(r: repo.DashboardItemRow): DashboardItem {
  // The board's item, plus what the dashboard's lists also show.
  return { ...presentItem(r), domain: r.domain, progress: Number(r.progress), closedOn: r.closed_on };
}

/** The items behind one figure of the dashboard, with how many there are in all. */
export async function dashboardItems(deps: Deps, actor: Actor, q: DashboardItemsQuery) {
  const { picked } = await chosen(deps, actor, q);
  let ids = picked.map((c) => c.id);
  if (q.countyId !== undefined) {
    const { byConsultation } = await countiesOf(deps, ids);
    ids = ids.filter((id) => (byConsultation.get(id) ?? []).some((c) => c.id === q.countyId));
  }
  const f: repo.DashboardItemFilter = {
    category: q.category,
    light: q.light,
    domain: q.domain,
    status: q.status,
    leadUnitId: typeof q.leadUnitId === 'number' ? q.leadUnitId : undefined,
    noLeadUnit: q.leadUnitId === 'none',
    overdueOn: q.overdue === 'true' ? deps.clock.today() : undefined,
    completed: q.completedIn === undefined ? undefined : q.completedIn === 'undated' ? 'undated' : quarterRange(q.completedIn),
  };
  const after = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const [rows, total] = await Promise.all([repo.listItems(deps.db, ids, f, { afterId: after, limit: q.limit + 1 }), repo.countItems(deps.db, ids, f)]);
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: page.map(present), nextCursor, total };
}
