import { defaultLightThresholds } from '../../platform/parameters.js';
/**
 * Stores each item's computed light (domain/lights.ts) so lists can filter and count by it, and
 * records 'item.light_changed' when it changes so the job runner can notify the people concerned.
 */
import { isLiveConsultation } from '../../../domain/consultations.js';
import { isItemClosed } from '../../../domain/items.js';
import { computeLight, type LightInput, type LightResult } from '../../../domain/lights.js';
import {
  addDays,
  currentReportingPeriod,
  dueDateOf,
  emptyPunctuality,
  nextPeriod,
  owedPeriods,
  parsePeriod,
  periodContaining,
  reportSlotState,
  tallySlot,
  type Period,
  type ReportCycle,
  type ReportSlotState,
} from '../../../domain/periods.js';
import { parseSupervisionJson, type Light, type LightThresholds } from '../../../domain/supervision.js';
import type { Db, Tx } from '../../platform/db.js';
import { recordEvents, type DomainEvent } from '../../platform/events.js';
import { storeItemLights } from '../items/items.command.js';
import type { InitialLights, StoredRefresh } from '../items/items.repo.js';
import { implementingItemIds, lightConsultations, liveItemIdsOf, loadLightInputs } from './lights.repo.js';
import { cstDate } from '../../platform/clock.js';
import { groupBy } from '../../platform/group-by.js';

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

/** Far enough ahead that no period ends after it: values that no passing day can change. */
const NEVER = '9999-12-31';

/**
 * What the stored punctuality was computed from beyond the item's reports: the consultation's
 * adoption (while its list is in force), cycle and due days. The same string is built in SQL
 * (lights.punctuality.repo.ts), so a change to any of them, by whatever path, makes the stored
 * values stale instead of wrong.
 */
export function punctualityBasis(c: ConsultationCycle): string {
  return `${isLiveConsultation(c.status) ? (c.adopted_on ?? '') : ''}|${c.report_cycle}|${c.report_due_days}`;
}

/** The item's closing as its owed periods see it: the day, 'u' when closed without one, '' while open. */
export function punctualityClosing(item: { closed_on: string | null; status: string }): string {
  return item.closed_on ?? (isItemClosed(item.status) ? 'u' : '');
}

/** The item columns that hold its stored punctuality (see the items table). */
export interface StoredPunctuality {
  punct_on_time: number;
  punct_late: number;
  punct_missing: number;
  punct_pending: number;
  punct_period: string | null;
  punct_state: string | null;
  punct_due: string | null;
  punct_from: string | null;
  punct_until: string | null;
  punct_basis: string | null;
  punct_closed: string | null;
}

/**
 * An item's slot tally and current-period slot on `today`, and the first later day on which they
 * could change with nothing written: a 'due' slot's due date passing, the next period ending (it
 * becomes owed, and the current reporting period moves on). Until then the values hold, so a board
 * may sum them instead of walking the reports.
 */
export function itemPunctuality(
  c: ConsultationCycle,
  item: { closed_on: string | null; status: string },
  reports: readonly SlotReport[],
  today: string,
  slots: ReturnType<typeof itemReportSlots> = itemReportSlots(c, item, reports, today),
): Omit<StoredPunctuality, 'punct_from'> {
  const p = emptyPunctuality();
  for (const s of slots) tallySlot(p, s.state);
  const cycle = c.report_cycle as ReportCycle;
  const currentCode = currentReportingPeriod(cycle, today).code;
  const current = slots.find((s) => s.period === currentCode) ?? null;

  let until = NEVER;
  const earliest = (day: string) => {
    if (day < until) until = day;
  };
  for (const s of slots) if (s.state === 'due') earliest(addDays(s.dueOn, 1));
  // The current period's slot (when there is one) turns into the next period's on the next boundary.
  if (current) earliest(addDays(periodContaining(cycle, today).end, 1));
  const adoptedOn = isLiveConsultation(c.status) ? c.adopted_on : null;
  if (adoptedOn) {
    if (isItemClosed(item.status) && item.closed_on === null) {
      // Closed without a day: it owes only what it reported, so only a reported period still running can join.
      for (const r of reports) {
        const rp = parsePeriod(r.period);
        if (rp && rp.end >= today) earliest(addDays(rp.end, 1));
      }
    } else {
      const owed = owedPeriods(cycle, adoptedOn, today, item.closed_on);
      const next = owed.length ? nextPeriod(owed[owed.length - 1]!) : nextPeriod(periodContaining(cycle, adoptedOn));
      if (item.closed_on === null || next.end < item.closed_on) earliest(addDays(next.end, 1));
    }
  }
  return {
    punct_on_time: p.onTime,
    punct_late: p.late,
    punct_missing: p.missing,
    punct_pending: p.pending,
    punct_period: current?.period ?? null,
    punct_state: current?.state ?? null,
    punct_due: current?.dueOn ?? null,
    punct_until: until,
    punct_basis: punctualityBasis(c),
    punct_closed: punctualityClosing(item),
  };
}

/**
 * The values to write, or null when the stored ones already say the same for today: the nightly
 * sweep leaves a row alone unless a period ended or a due date passed for it.
 */
function punctualityUpdate(stored: StoredPunctuality, fresh: Omit<StoredPunctuality, 'punct_from'>, today: string): StoredPunctuality | null {
  const same = stored.punct_from !== null && stored.punct_from <= today && (Object.keys(fresh) as (keyof typeof fresh)[]).every((k) => stored[k] === fresh[k]);
  return same ? null : { ...fresh, punct_from: today };
}

export interface RefreshOptions {
  /** Seeding demo data sets the first lights; nobody is told about a change that never happened. */
  recordEvents?: boolean;
  /** The 系统参数 default thresholds, when the caller has read them already (a sweep reads them once, not per batch). */
  defaults?: LightThresholds;
}

type LoadedItem = Awaited<ReturnType<typeof loadLightInputs>>['items'][number];
type LoadedConsultation = Awaited<ReturnType<typeof loadLightInputs>>['consultations'][number];

/** One item's refresh: the row to write (null when the stored values hold) and its light-change event, if any. */
function refreshOf(
  c: LoadedConsultation,
  item: LoadedItem,
  milestones: readonly { title: string; due_on: string; done_on: string | null }[],
  reports: readonly SlotReport[],
  today: string,
  defaults: LightThresholds,
  withEvent: boolean,
): { write: StoredRefresh | null; event: DomainEvent | null } {
  const reportSlots = itemReportSlots(c, item, reports, today);
  const input: LightInput = {
    status: item.status,
    progress: item.progress,
    deadline: item.deadline,
    ongoing: !!item.ongoing,
    adoptedOn: isLiveConsultation(c.status) ? c.adopted_on : null,
    milestones: milestones.map((m) => ({ title: m.title, dueOn: m.due_on, doneOn: m.done_on })),
    reportSlots,
    today,
    thresholds: parseSupervisionJson(c.supervision_json, defaults).thresholds,
  };
  const punctuality = punctualityUpdate(item, itemPunctuality(c, item, reports, today, reportSlots), today);
  const result: LightResult = computeLight(input);
  const reasonsJson = JSON.stringify(result.reasons);
  const lightSame = result.light === item.light && reasonsJson === item.light_reasons_json;
  if (lightSame && !punctuality) return { write: null, event: null };
  const write = storedRow(item, lightSame ? null : { light: result.light, light_reasons_json: reasonsJson }, punctuality);
  if (result.light === item.light || !withEvent) return { write, event: null };
  return {
    write,
    event: {
      type: 'item.light_changed',
      entityType: 'item',
      entityId: item.id,
      consultationId: item.consultation_id,
      itemId: item.id,
      actorId: null,
      data: { from: item.light, to: result.light, reasons: result.reasons },
    },
  };
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

  const writes: StoredRefresh[] = [];
  const events: DomainEvent[] = [];
  for (const item of data.items) {
    const c = consultations.get(item.consultation_id);
    if (!c) continue;
    const { write, event } = refreshOf(c, item, milestonesOf.get(item.id) ?? [], reportsOf.get(item.id) ?? [], today, defaults, opts.recordEvents !== false);
    if (write) writes.push(write);
    if (event) events.push(event);
  }
  await storeItemLights(tx, writes);
  await recordEvents(tx, at, events);
}

/** What a new item row holds before any refresh: the items table's defaults for these columns. */
const UNREFRESHED = {
  light: 'none',
  light_reasons_json: '[]',
  closed_on: null,
  punct_on_time: 0,
  punct_late: 0,
  punct_missing: 0,
  punct_pending: 0,
  punct_period: null,
  punct_state: null,
  punct_due: null,
  punct_from: null,
  punct_until: null,
  punct_basis: null,
  punct_closed: null,
} as const;

/** The stored light columns of an item not yet written, and its light-change event once its id is known. */
export interface NewItemLight {
  columns: InitialLights;
  event: ((id: number) => DomainEvent) | null;
}

/**
 * The light and punctuality new items of one consultation start with: what refreshLights writes
 * right after their insert, computed before it (a new item has no milestones or reports yet, and its
 * stored columns hold the table's defaults), so the insert stores them and no update of every new
 * row follows. The events are those that refresh records, one per item whose light is not 'none'.
 */
export async function lightsOfNew(
  tx: Tx,
  today: string,
  consultationId: number,
  items: readonly { status: LoadedItem['status']; progress: number; deadline: string | null; ongoing: boolean }[],
): Promise<NewItemLight[]> {
  if (!items.length) return [];
  const [c] = await lightConsultations(tx, [consultationId]);
  if (!c) throw new Error(`consultation ${consultationId} not found`);
  const defaults = await defaultLightThresholds(tx);
  // The result depends on these four fields alone, and a ledger's rows share a few deadlines and statuses.
  const known = new Map<string, NewItemLight>();
  return items.map((v) => {
    const key = `${v.status}|${v.progress}|${v.deadline}|${v.ongoing}`;
    let light = known.get(key);
    if (!light) {
      const item: LoadedItem = { ...UNREFRESHED, id: 0, consultation_id: consultationId, status: v.status, progress: v.progress, deadline: v.deadline, ongoing: v.ongoing ? 1 : 0 };
      const { write, event } = refreshOf(c, item, [], [], today, defaults, true);
      // A new row's punctuality has never been computed (punct_from is null): there is always a write.
      const { id: _id, ...columns } = write!;
      light = { columns: { ...columns, light: columns.light as Light }, event: event && ((id: number) => ({ ...event, entityId: id, itemId: id })) };
      known.set(key, light);
    }
    return light;
  });
}

/** The events of new items' first lights (lightsOfNew), in the order of their ids. */
export async function recordNewItemLights(tx: Tx, at: string, ids: readonly number[], lights: readonly NewItemLight[]): Promise<void> {
  await recordEvents(
    tx,
    at,
    ids.flatMap((id, i) => lights[i]?.event?.(id) ?? []),
  );
}

/** The row a refresh writes: what changed, and the item's stored values for the rest. */
function storedRow(item: LoadedItem, light: { light: string; light_reasons_json: string } | null, punctuality: StoredPunctuality | null): StoredRefresh {
  const p = punctuality ?? item;
  return {
    id: item.id,
    light: light?.light ?? item.light,
    light_reasons_json: light?.light_reasons_json ?? item.light_reasons_json,
    punct_on_time: p.punct_on_time,
    punct_late: p.punct_late,
    punct_missing: p.punct_missing,
    punct_pending: p.punct_pending,
    punct_period: p.punct_period,
    punct_state: p.punct_state,
    punct_due: p.punct_due,
    punct_from: p.punct_from,
    punct_until: p.punct_until,
    punct_basis: p.punct_basis,
    punct_closed: p.punct_closed,
  };
}

/**
 * Recomputes and stores only the punctuality of the given items: for changes to a consultation's
 * adoption or status, which move every item's owed periods but are not the light's business here.
 */
export async function refreshPunctuality(tx: Tx, today: string, itemIds: number[]): Promise<void> {
  const ids = [...new Set(itemIds)];
  for (let i = 0; i < ids.length; i += REFRESH_BATCH) {
    const data = await loadLightInputs(tx, ids.slice(i, i + REFRESH_BATCH));
    const consultations = new Map(data.consultations.map((c) => [c.id, c]));
    const reportsOf = groupBy(data.reports, (r) => r.item_id);
    const writes: StoredRefresh[] = [];
    for (const item of data.items) {
      const c = consultations.get(item.consultation_id);
      if (!c) continue;
      const update = punctualityUpdate(item, itemPunctuality(c, item, reportsOf.get(item.id) ?? [], today), today);
      if (update) writes.push(storedRow(item, null, update));
    }
    await storeItemLights(tx, writes);
  }
}

/** The same for every item of a consultation whose adoption or status changed. */
export async function refreshConsultationPunctuality(tx: Tx, today: string, consultationId: number): Promise<void> {
  await refreshPunctuality(tx, today, await liveItemIdsOf(tx, consultationId));
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

// What other modules read here: a consultation's reporting cycle (reports, board).
export { consultationCycle } from './lights.repo.js';
