import type { Board, BoardCurrentReportsQuery, BoardFilter, BoardItem, BoardItemsQuery, RecentReport } from '../../../domain/board.js';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import { parseLightReasons } from '../../../domain/lights.js';
import type { ReportStatus } from '../../../domain/reports.js';
import { OPEN_NOTICE_STATUSES } from '../../../domain/notices.js';
import { currentReportingPeriod, daysBetween, emptyPunctuality, judgedSlots, onTimeRate, type ReportCycle } from '../../../domain/periods.js';
import { LIGHTS, type Light } from '../../../domain/supervision.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { currentReportRows, punctualityWithRows, type CurrentReportRow } from '../lights/lights.punctuality.js';
import { listNoticeRows } from '../notices/notices.service.js';
import { presentRows } from '../notices/notices.service.js';
import * as tallies from '../items/items.tallies.js';
import * as repo from './board.repo.js';

const OVERDUE_LIST_MAX = 200;
const OPEN_NOTICES_MAX = 200;
/** Rows of the current period's report list the board itself carries; the rest are paged by cursor. */
const CURRENT_REPORTS_PAGE = 50;

const currentCursor = (last: CurrentReportRow) => encodeCursor([last.dueOn, last.itemId]);

function presentReport(r: CurrentReportRow): Board['currentReports']['rows'][number] {
  return {
    itemId: r.itemId,
    itemTitle: r.itemTitle,
    consultationId: r.consultationId,
    leadUnit: r.leadUnitId !== null && r.leadUnitName !== null ? { id: r.leadUnitId, name: r.leadUnitName } : null,
    light: asLight(r.light),
    lightReasons: parseLightReasons(r.lightReasonsJson),
    period: r.period,
    dueOn: r.dueOn,
    state: r.state,
  };
}

const zeroLights = (): Record<Light, number> => ({ green: 0, yellow: 0, red: 0, none: 0 });
export const asLight = (l: string): Light => ((LIGHTS as readonly string[]).includes(l) ? (l as Light) : 'none');

export function presentItem(r: Omit<repo.BoardItemRow, 'version'> & { version?: number }): BoardItem {
  return {
    id: r.id,
    consultationId: r.consultation_id,
    consultationTitle: r.consultation_title,
    title: r.title,
    category: r.category as Category,
    status: r.status,
    light: asLight(r.light),
    lightReasons: parseLightReasons(r.light_reasons_json),
    deadline: r.deadline,
    leadUnit: r.lead_unit_id !== null && r.lead_unit_name !== null ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
    ...(r.version !== undefined ? { version: r.version } : {}),
  };
}

export async function consultationBoard(deps: Deps, actor: Actor, consultationId: number): Promise<Board> {
  await loadVisible(deps.db, actor, consultationId);
  return build(deps, actor, [await repo.consultationRow(deps.db, consultationId)], 'consultation');
}

export async function scopeBoard(deps: Deps, actor: Actor): Promise<Board> {
  assertCanRead(actor);
  return build(deps, actor, await repo.consultationsInScope(deps.db, actor), 'all');
}

/** The whole board in a fixed handful of queries, whatever the number of items or consultations. */
async function build(deps: Deps, actor: Actor, consultations: repo.BoardConsultation[], scope: Board['scope']): Promise<Board> {
  const db = deps.db;
  const today = deps.clock.today();
  const ids = consultations.map((c) => c.id);
  const base: BoardFilter = scope === 'consultation' ? { consultationId: ids[0] } : {};

  const [cells, units, punctuality, overdue, overdueCount, noticeRows] = await Promise.all([
    tallies.countsByConsultation(db, ids),
    tallies.countsByUnit(db, ids),
    punctualityWithRows(db, consultations, today, CURRENT_REPORTS_PAGE + 1),
    repo.overdueRows(db, ids, today, OVERDUE_LIST_MAX),
    repo.countOverdue(db, ids, today),
    listNoticeRows(db, actor, { consultationIds: ids, statuses: OPEN_NOTICE_STATUSES, limit: OPEN_NOTICES_MAX }),
  ]);

  const byLight = zeroLights();
  const cellCount = new Map<string, number>();
  for (const c of cells) {
    for (const light of LIGHTS) byLight[light] += c.byLight[light];
    for (const [category, n] of c.byCategory) for (const light of LIGHTS) cellCount.set(`${light}|${category}`, (cellCount.get(`${light}|${category}`) ?? 0) + n[light]);
  }
  const lightByCategory = LIGHTS.flatMap((light) =>
    CATEGORIES.map((category) => ({ light, category, count: cellCount.get(`${light}|${category}`) ?? 0, filter: { ...base, light, category } })),
  );

  // The same tally the bulletin and the annual summary print (domain/periods.ts), so the rates agree;
  // read from each item's stored punctuality, and live only for items whose stored values are stale.
  const currentPeriod = new Map(consultations.map((c) => [c.id, currentReportingPeriod(c.report_cycle as ReportCycle, today)]));
  const { byUnit: rate, byState, rows } = punctuality;
  const { page: currentRows, nextCursor } = pageOf(rows, CURRENT_REPORTS_PAGE, currentCursor);

  const unitRows = new Map<number | null, Board['byLeadUnit'][number]>();
  for (const u of units) {
    const row = unitRows.get(u.leadUnitId) ?? {
      leadUnit: u.leadUnitId !== null && u.leadUnitName !== null ? { id: u.leadUnitId, name: u.leadUnitName } : null,
      total: 0,
      byLight: zeroLights(),
      reportsOwed: 0,
      reportsOnTime: 0,
      onTimeRate: null,
      filter: u.leadUnitId !== null ? { ...base, leadUnitId: u.leadUnitId } : { ...base },
    };
    row.total += u.total;
    for (const light of LIGHTS) row.byLight[light] += u.byLight[light];
    unitRows.set(u.leadUnitId, row);
  }
  for (const [unit, row] of unitRows) {
    const r = rate.get(unit) ?? emptyPunctuality();
    row.reportsOwed = judgedSlots(r);
    row.reportsOnTime = r.onTime;
    row.onTimeRate = onTimeRate(r);
  }
  // Most red first, then most items: the units that need a call today lead the list.
  const byLeadUnit = [...unitRows.values()].sort((a, b) => b.byLight.red - a.byLight.red || b.byLight.yellow - a.byLight.yellow || b.total - a.total);

  const openNotices = presentRows(noticeRows, today);
  return {
    scope,
    today,
    consultations: consultations.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      currentPeriod: c.adopted_on ? currentPeriod.get(c.id)!.code : null,
    })),
    totals: { items: Object.values(byLight).reduce((a, b) => a + b, 0), byLight, overdue: overdueCount, openNotices: openNotices.length },
    lightByCategory,
    byLeadUnit,
    overdue: overdue.map((r) => ({ ...presentItem(r), daysOverdue: daysBetween(r.deadline!, today) })),
    currentReports: { byState, rows: currentRows.map(presentReport), nextCursor },
    openNotices,
  };
}

/** The items behind a number on the board (also across consultations, where the item list cannot go). */
export async function boardItems(deps: Deps, actor: Actor, q: BoardItemsQuery) {
  let scope: repo.DrillScope;
  if (q.consultationId) {
    await loadVisible(deps.db, actor, q.consultationId);
    scope = [q.consultationId];
  } else {
    assertCanRead(actor);
    scope = { actor };
  }
  const filter = {
    light: q.light,
    category: q.category,
    leadUnitId: q.leadUnitId,
    overdueOn: q.overdue === 'true' ? deps.clock.today() : undefined,
    limit: q.limit + 1,
  };
  if (q.sort === 'deadline') {
    // The cursor is the last row's deadline ('' once the dated items are done) and id.
    const after = q.cursor ? decodeCursor<[string, number]>(q.cursor, ['string', 'number']) : undefined;
    const rows = await repo.drillRowsByDeadline(deps.db, scope, { ...filter, after });
    const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.deadline ?? '', last.id]));
    return { data: page.map(presentItem), nextCursor };
  }
  const after = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.drillRows(deps.db, scope, { ...filter, afterId: after });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: page.map(presentItem), nextCursor };
}

/** A later page of the current period's report list, after the board's first (the cursor is the last row's due day and item). */
export async function currentReports(deps: Deps, actor: Actor, q: BoardCurrentReportsQuery) {
  let consultations: repo.BoardConsultation[];
  if (q.consultationId) {
    await loadVisible(deps.db, actor, q.consultationId);
    consultations = [await repo.consultationRow(deps.db, q.consultationId)];
  } else {
    assertCanRead(actor);
    consultations = await repo.consultationsInScope(deps.db, actor);
  }
  const after = q.cursor ? decodeCursor<[string, number]>(q.cursor, ['string', 'number']) : undefined;
  const rows = await currentReportRows(deps.db, consultations, deps.clock.today(), { after, limit: q.limit + 1 });
  const { page, nextCursor } = pageOf(rows, q.limit, currentCursor);
  return { data: page.map(presentReport), nextCursor };
}

/** A consultation's latest progress reports, newest first, for whoever may read the consultation. */
export async function recentReports(deps: Deps, actor: Actor, consultationId: number, q: { limit: number; cursor?: string }) {
  await loadVisible(deps.db, actor, consultationId);
  const after = q.cursor ? decodeCursor<[string, number]>(q.cursor, ['string', 'number']) : undefined;
  const rows = await repo.recentReports(deps.db, consultationId, { after, limit: q.limit + 1 });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.submitted_at, last.id]));
  const data: RecentReport[] = page.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    itemTitle: r.item_title,
    category: r.category as Category,
    period: r.period,
    status: r.status as ReportStatus,
    percent: r.percent,
    submittedAt: r.submitted_at,
    authorOrg: { id: r.author_org_id, name: r.author_org_name },
    leadUnit: r.lead_unit_id !== null && r.lead_unit_name !== null ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
  }));
  return { data, nextCursor };
}
