/**
 * Report punctuality over many items — the per-unit on-time tally and the current period's report
 * list of the board and the dashboard — from the values the light refresh stores on each item, in
 * grouped SQL. Items whose stored values do not hold today (changed since, never computed, or a
 * clock that moved without the nightly sweep) are tallied live by the same slot rule, so the figures
 * are always exactly what the live tally gives.
 */
import { currentReportingPeriod, emptyPunctuality, tallySlot, type Punctuality, type ReportCycle, type ReportSlotState } from '../../../domain/periods.js';
import type { Db } from '../../platform/db.js';
import { itemReportSlots, type ConsultationCycle } from './lights.service.js';
import * as repo from './lights.punctuality.repo.js';

export type PunctualityConsultation = ConsultationCycle & { id: number };

/** A row of the current period's report list, before presentation. */
export interface CurrentReportRow {
  itemId: number;
  itemTitle: string;
  consultationId: number;
  leadUnitId: number | null;
  leadUnitName: string | null;
  light: string;
  lightReasonsJson: string;
  period: string;
  dueOn: string;
  state: ReportSlotState;
}

export interface PunctualityTally {
  /** Slot counts by lead unit (null: items without one). */
  byUnit: Map<number | null, Punctuality>;
  /** Items by the state of their current-period slot. */
  byState: Record<string, number>;
}

const add = (into: Punctuality, p: Omit<Punctuality, 'owed'>) => {
  into.onTime += p.onTime;
  into.late += p.late;
  into.missing += p.missing;
  into.pending += p.pending;
  into.owed += p.onTime + p.late + p.missing + p.pending;
};

const byKey = (a: CurrentReportRow, b: CurrentReportRow) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.itemId - b.itemId);

/** The live tally of the stale items: their slot counts and their current-period rows. */
async function liveStale(db: Db, consultations: readonly PunctualityConsultation[], today: string): Promise<PunctualityTally & { rows: CurrentReportRow[] }> {
  const ids = consultations.map((c) => c.id);
  const out = { byUnit: new Map<number | null, Punctuality>(), byState: {} as Record<string, number>, rows: [] as CurrentReportRow[] };
  const items = await repo.staleItems(db, ids, today);
  if (!items.length) return out;
  const reports = await repo.staleReports(db, ids, today);
  const reportsOf = new Map<number, typeof reports>();
  for (const r of reports) {
    const mine = reportsOf.get(r.item_id);
    if (mine) mine.push(r);
    else reportsOf.set(r.item_id, [r]);
  }
  const cById = new Map(consultations.map((c) => [c.id, c]));
  const currentOf = new Map(consultations.map((c) => [c.id, currentReportingPeriod(c.report_cycle as ReportCycle, today).code]));
  for (const item of items) {
    const c = cById.get(item.consultation_id)!;
    const slots = itemReportSlots(c, item, reportsOf.get(item.id) ?? [], today);
    const p = out.byUnit.get(item.lead_unit_id) ?? emptyPunctuality();
    for (const s of slots) tallySlot(p, s.state);
    out.byUnit.set(item.lead_unit_id, p);
    const current = slots.find((s) => s.period === currentOf.get(c.id));
    if (!current) continue;
    out.byState[current.state] = (out.byState[current.state] ?? 0) + 1;
    out.rows.push({
      itemId: item.id,
      itemTitle: item.title,
      consultationId: item.consultation_id,
      leadUnitId: item.lead_unit_id,
      leadUnitName: item.lead_unit_name,
      light: item.light,
      lightReasonsJson: item.light_reasons_json,
      period: current.period,
      dueOn: current.dueOn,
      state: current.state,
    });
  }
  return out;
}

async function storedTally(db: Db, consultations: readonly PunctualityConsultation[], today: string): Promise<PunctualityTally & { stale: number }> {
  const out = { byUnit: new Map<number | null, Punctuality>(), byState: {} as Record<string, number>, stale: 0 };
  for (const g of await repo.storedTally(
    db,
    consultations.map((c) => c.id),
    today,
  )) {
    out.stale += g.stale;
    const p = out.byUnit.get(g.leadUnitId) ?? emptyPunctuality();
    add(p, g);
    out.byUnit.set(g.leadUnitId, p);
    if (g.state !== null && g.fresh > 0) out.byState[g.state] = (out.byState[g.state] ?? 0) + g.fresh;
  }
  return out;
}

function merge(a: PunctualityTally, b: PunctualityTally): PunctualityTally {
  for (const [unit, p] of b.byUnit) {
    const into = a.byUnit.get(unit) ?? emptyPunctuality();
    add(into, p);
    a.byUnit.set(unit, into);
  }
  for (const [state, n] of Object.entries(b.byState)) a.byState[state] = (a.byState[state] ?? 0) + n;
  return a;
}

function presentStored(r: Awaited<ReturnType<typeof repo.storedCurrentRows>>[number]): CurrentReportRow {
  return {
    itemId: r.id,
    itemTitle: r.title,
    consultationId: r.consultation_id,
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_name,
    light: r.light,
    lightReasonsJson: r.light_reasons_json,
    period: r.punct_period!,
    dueOn: r.punct_due!,
    state: r.punct_state as ReportSlotState,
  };
}

/** The stored and the live rows after the cursor, in (due day, id) order, at most `limit`. */
function pageFrom(stored: CurrentReportRow[], live: CurrentReportRow[], after: [string, number] | undefined, limit: number): CurrentReportRow[] {
  const later = after ? live.filter((r) => r.dueOn > after[0] || (r.dueOn === after[0] && r.itemId > after[1])) : live;
  return [...stored, ...later].sort(byKey).slice(0, limit);
}

/** The per-unit tally and current-period states of the items of these consultations. */
export async function punctualityTally(db: Db, consultations: readonly PunctualityConsultation[], today: string): Promise<PunctualityTally> {
  const stored = await storedTally(db, consultations, today);
  return stored.stale ? merge(stored, await liveStale(db, consultations, today)) : stored;
}

/** The tally and the first `limit` rows of the current period's list (fetch one more to know whether more follow). */
export async function punctualityWithRows(
  db: Db,
  consultations: readonly PunctualityConsultation[],
  today: string,
  limit: number,
): Promise<PunctualityTally & { rows: CurrentReportRow[] }> {
  const ids = consultations.map((c) => c.id);
  const [stored, storedRows] = await Promise.all([storedTally(db, consultations, today), repo.storedCurrentRows(db, ids, today, { limit })]);
  const live = stored.stale ? await liveStale(db, consultations, today) : { byUnit: new Map(), byState: {}, rows: [] };
  return { ...merge(stored, live), rows: pageFrom(storedRows.map(presentStored), live.rows, undefined, limit) };
}

/** A later page of the current period's list, after the (due day, id) of the last row seen; `limit` rows at most. */
export async function currentReportRows(
  db: Db,
  consultations: readonly PunctualityConsultation[],
  today: string,
  page: { after?: [string, number]; limit: number },
): Promise<CurrentReportRow[]> {
  const ids = consultations.map((c) => c.id);
  const [storedRows, live] = await Promise.all([repo.storedCurrentRows(db, ids, today, page), liveStale(db, consultations, today)]);
  return pageFrom(storedRows.map(presentStored), live.rows, page.after, page.limit);
}
