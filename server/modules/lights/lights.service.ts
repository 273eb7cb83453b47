import { defaultLightThresholds } from '../../platform/parameters.js';
/**
 * Stores each item's computed light (domain/lights.ts) so lists can filter and count by it, and
 * records 'item.light_changed' when it changes so the job runner can notify the people concerned.
 */
import { isLiveConsultation } from '../../../domain/consultations.js';
import { isItemClosed } from '../../../domain/items.js';
import { computeLight, type LightInput, type LightResult } from '../../../domain/lights.js';
import { addDays, owedPeriods, dueDateOf, reportSlotState, type Period, type ReportCycle, type ReportSlotState } from '../../../domain/periods.js';
import { parseSupervisionJson, type LightThresholds } from '../../../domain/supervision.js';
import type { Db, Tx } from '../../platform/db.js';
import { recordEvent } from '../../platform/events.js';
import { storeItemLight } from '../items/items.command.js';
import { implementingItemIds, loadLightInputs } from './lights.repo.js';
import { cstDate } from '../../platform/clock.js';

const REFRESH_BATCH = 500;

export interface ConsultationCycle {
  status: string;
  adopted_on: string | null;
  report_cycle: string;
  report_due_days: number;
}

export interface SlotReport {
  period: string;
  status: string;
  first_submitted_at: string;
}

// Items of one consultation share their owed periods unless closed on different days: a board over
// thousands of items walks the calendar once per distinct case, not once per item. Periods are never mutated.
const owedCache = new Map<string, readonly Period[]>();
function owedOf(cycle: ReportCycle, adoptedOn: string | null, horizon: string, closedOn: string | null): readonly Period[] {
  const key = `${cycle}|${adoptedOn}|${horizon}|${closedOn}`;
  let periods = owedCache.get(key);
  if (!periods) {
    if (owedCache.size >= 4096) owedCache.clear();
    periods = owedPeriods(cycle, adoptedOn, horizon, closedOn);
    owedCache.set(key, periods);
  }
  return periods;
}

const UTC_ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}):\d{2}:\d{2}(?:\.\d+)?Z$/;

/** The China-time day of a stored UTC timestamp; by string for the usual ISO form (China keeps no summer time). */
function chinaDay(at: string): string {
  const m = UTC_ISO.exec(at);
  if (!m) return cstDate(new Date(at));
  return Number(m[2]) < 16 ? m[1] : addDays(m[1], 1);
}

/**
 * Every period an item owes a report for, with its state today: the one slot rule behind the
 * lights, the reports API, the board and the documents' on-time rates.
 * `horizon` lists periods ending before it (default today); the reports API passes the day after
 * the current period so the running period shows as upcoming and can be reported early.
 * A closed item owes periods up to its closing day; one closed without a recorded day (imported
 * as 已完成, or completed before close-out existed) owes only what it did report, rather than
 * counting as missing for ever.
 */
export function itemReportSlots(
  c: ConsultationCycle,
  item: { closed_on: string | null; status: string },
  reports: readonly SlotReport[],
  today: string,
  horizon: string = today,
): { period: string; start: string; end: string; dueOn: string; state: ReportSlotState }[] {
  const adoptedOn = isLiveConsultation(c.status) ? c.adopted_on : null;
  const byPeriod = new Map(reports.map((r) => [r.period, r]));
  const closedUndated = isItemClosed(item.status) && item.closed_on === null;
  const periods = owedOf(c.report_cycle as ReportCycle, adoptedOn, horizon, item.closed_on).filter((p) => !closedUndated || byPeriod.has(p.code));
  return periods.map((p) => {
    const r = byPeriod.get(p.code);
    const state = reportSlotState({
      period: p,
      dueDays: c.report_due_days,
      today,
      report: r ? { status: r.status as 'submitted' | 'accepted' | 'returned', firstSubmittedOn: chinaDay(r.first_submitted_at) } : null,
    });
    return { period: p.code, start: p.start, end: p.end, dueOn: dueDateOf(p, c.report_due_days), state };
  });
}

export interface RefreshOptions {
  /** Seeding demo data sets the first lights; nobody is told about a change that never happened. */
  recordEvents?: boolean;
  /** The 系统参数 default thresholds, when the caller has read them already (a sweep reads them once, not per batch). */
  defaults?: LightThresholds;
}

/** Recomputes and stores the lights of the given items; records an event for each one that changed. */
export async function refreshLights(tx: Tx, today: string, at: string, itemIds: number[], opts: RefreshOptions = {}): Promise<void> {
  const ids = [...new Set(itemIds)];
  if (!ids.length) return;
  const data = await loadLightInputs(tx, ids);
  const consultations = new Map(data.consultations.map((c) => [c.id, c]));
  const milestonesOf = groupBy(data.milestones, (m) => m.item_id);
  const reportsOf = groupBy(data.reports, (r) => r.item_id);
  const defaults = opts.defaults ?? (await defaultLightThresholds(tx));

  for (const item of data.items) {
    const c = consultations.get(item.consultation_id);
    if (!c) continue;
    const input: LightInput = {
      status: item.status,
      progress: item.progress,
      deadline: item.deadline,
      ongoing: !!item.ongoing,
      adoptedOn: isLiveConsultation(c.status) ? c.adopted_on : null,
      milestones: (milestonesOf.get(item.id) ?? []).map((m) => ({ title: m.title, dueOn: m.due_on, doneOn: m.done_on })),
      reportSlots: itemReportSlots(c, item, reportsOf.get(item.id) ?? [], today),
      today,
      thresholds: parseSupervisionJson(c.supervision_json, defaults).thresholds,
    };
    const result: LightResult = computeLight(input);
    const reasonsJson = JSON.stringify(result.reasons);
    if (result.light === item.light && reasonsJson === item.light_reasons_json) continue;
    await storeItemLight(tx, item.id, result.light, reasonsJson);
    if (result.light !== item.light && opts.recordEvents !== false) {
      await recordEvent(tx, at, {
        type: 'item.light_changed',
        entityType: 'item',
        entityId: item.id,
        consultationId: item.consultation_id,
        itemId: item.id,
        actorId: null,
        data: { from: item.light, to: result.light, reasons: result.reasons },
      });
    }
  }
}

/** Recomputes every item of adopted and implementing consultations, in batches; returns how many were looked at. */
export async function refreshAllLights(db: Db, today: string, at: string): Promise<number> {
  let after = 0;
  let total = 0;
  const defaults = await defaultLightThresholds(db);
  for (;;) {
    const ids = await implementingItemIds(db, after, REFRESH_BATCH);
    if (!ids.length) return total;
    await db.transaction().execute((tx) => refreshLights(tx, today, at, ids, { defaults }));
    total += ids.length;
    after = ids[ids.length - 1]!;
  }
}

function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

// What other modules read here: a consultation's reporting cycle (reports, board).
export { consultationCycle } from './lights.repo.js';
