/**
 * The items as they stood at the end of a past day, lights included: a bulletin reports its period
 * as it was at the period's end, not as it is on the day someone downloads it.
 *
 * The item row holds only today's values; the audit log holds every change with the values before
 * it, so undoing the changes made after the day gives the row as it was (status, progress, deadline,
 * closing day). The light is then computed by the one rule (domain/lights.ts) from what was known
 * that day: the milestones set by then, the reports first submitted by then, that day's date.
 * The audit log keeps AUDIT_RETENTION_DAYS (at least 180): a period ended longer ago than that
 * is rebuilt from the changes still kept, so its statuses may show some later changes.
 */
import { isLiveConsultation } from '../../../domain/consultations.js';
import { ITEM_STATUSES } from '../../../domain/items.js';
import { computeLight } from '../../../domain/lights.js';
import type { LightThresholds } from '../../../domain/supervision.js';
import { itemReportSlots } from '../lights/lights.service.js';
import type { DocItem } from './documents.repo.js';
import { groupBy } from '../../platform/group-by.js';

/** The instant a China Standard Time day ends (UTC+8, no daylight saving). */
export const endOfCstDay = (day: string) => `${day}T16:00:00.000Z`;

/** One audited change of an item: the changed fields' values before it, as the audit row keeps them. */
export interface ItemChangeRow {
  item_id: number | null;
  before_json: string | null;
}

/** A milestone of an item, with the instant it was set. */
export interface MilestoneRow {
  item_id: number;
  title: string;
  due_on: string;
  done_on: string | null;
  created_at: string;
}

/** A report of any period, with its first submission instant (an ISO string). */
export interface ReportRow {
  item_id: number;
  period: string;
  status: string;
  first_submitted_at: string;
  reviewed_at: string | null;
}

export interface AsOfInput {
  /** The live items, as they are today. */
  items: DocItem[];
  /** The items' audited changes made after the day, newest first. */
  changesAfter: ItemChangeRow[];
  milestones: MilestoneRow[];
  reports: ReportRow[];
  consultation: { status: string; adopted_on: string | null; report_cycle: string; report_due_days: number };
  thresholds: LightThresholds;
  /** YYYY-MM-DD: the day whose end the items are taken at. */
  day: string;
}

type Undo = Partial<Pick<DocItem, 'status' | 'progress' | 'deadline' | 'ongoing' | 'closed_on'>>;

/** The fields of an audit row's "before" that the documents print or the light rule reads. */
function undoOf(json: string | null): Undo {
  if (!json) return {};
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
  const out: Undo = {};
  if (typeof b.status === 'string' && (ITEM_STATUSES as readonly string[]).includes(b.status)) out.status = b.status as DocItem['status'];
  if (typeof b.progress === 'number') out.progress = b.progress;
  if (b.deadline === null || typeof b.deadline === 'string') out.deadline = b.deadline;
  if (typeof b.ongoing === 'boolean') out.ongoing = b.ongoing ? 1 : 0;
  if (b.closedOn === null || typeof b.closedOn === 'string') out.closed_on = b.closedOn;
  return out;
}

/** The item rows with every change made after the day undone, newest change first. */
export function rowsAtEndOf(items: DocItem[], changesAfter: ItemChangeRow[], day: string): DocItem[] {
  const byId = new Map(items.map((i) => [i.id, { ...i }]));
  for (const c of changesAfter) {
    const row = c.item_id === null ? undefined : byId.get(c.item_id);
    if (row) Object.assign(row, undoOf(c.before_json));
  }
  return items.map((i) => {
    const row = byId.get(i.id)!;
    // A closing the log does not hold (an imported 已完成, demo data) still dates itself by closed_on.
    return row.status === 'completed' && row.closed_on && row.closed_on > day ? { ...row, status: 'in_progress', closed_on: null } : row;
  });
}

/** The items at the end of the day, each with the light and reasons the rule gave that day. */
export function itemsAtEndOf(input: AsOfInput): DocItem[] {
  const { day, consultation: c } = input;
  const end = endOfCstDay(day);
  const milestones = groupBy(
    input.milestones.filter((m) => m.created_at < end),
    (m) => m.item_id,
  );
  // A report counts from its first submission; whether it was accepted by then does not change a light.
  const reports = groupBy(
    input.reports.filter((r) => r.first_submitted_at < end).map((r) => ({ ...r, status: r.reviewed_at && r.reviewed_at < end ? r.status : 'submitted' })),
    (r) => r.item_id,
  );
  return rowsAtEndOf(input.items, input.changesAfter, day).map((i) => {
    const result = computeLight({
      status: i.status,
      progress: i.progress,
      deadline: i.deadline,
      ongoing: !!i.ongoing,
      adoptedOn: isLiveConsultation(c.status) ? c.adopted_on : null,
      milestones: (milestones.get(i.id) ?? []).map((m) => ({ title: m.title, dueOn: m.due_on, doneOn: m.done_on && m.done_on <= day ? m.done_on : null })),
      reportSlots: itemReportSlots(c, i, reports.get(i.id) ?? [], day),
      today: day,
      thresholds: input.thresholds,
    });
    return { ...i, light: result.light, light_reasons_json: JSON.stringify(result.reasons) };
  });
}
