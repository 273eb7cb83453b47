/**
 * Reporting periods (填报周期): codes, bounds and due dates, on plain YYYY-MM-DD strings.
 * Codes: 2025M07 (month), 2025Q3 (quarter), 2025H1 (half-year).
 */
import { z } from 'zod';
import { lastDayOfMonth } from './dates.js';

export const REPORT_CYCLES = ['monthly', 'quarterly', 'half_yearly'] as const;
export type ReportCycle = (typeof REPORT_CYCLES)[number];

export const DEFAULT_REPORT_CYCLE: ReportCycle = 'quarterly';
/** Reports fall due this many days after their period ends (monthly: the day of the next month). */
export const DEFAULT_REPORT_DUE_DAYS = 10;

export const zPeriodCode = z.string().regex(/^\d{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])$/, '周期格式应为 2025Q3、2025H1 或 2025M07');

export interface Period {
  code: string;
  cycle: ReportCycle;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m1: number, d: number) => `${y}-${pad(m1)}-${pad(d)}`;

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(iso: string, days: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const t = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

function monthsPer(cycle: ReportCycle): number {
  return cycle === 'monthly' ? 1 : cycle === 'quarterly' ? 3 : 6;
}

function codeOf(cycle: ReportCycle, year: number, index: number): string {
  switch (cycle) {
    case 'monthly':
      return `${year}M${pad(index + 1)}`;
    case 'quarterly':
      return `${year}Q${index + 1}`;
    case 'half_yearly':
      return `${year}H${index + 1}`;
  }
}

function build(cycle: ReportCycle, year: number, index: number): Period {
  const span = monthsPer(cycle);
  const firstMonth = index * span + 1;
  const lastMonth = firstMonth + span - 1;
  return { code: codeOf(cycle, year, index), cycle, start: ymd(year, firstMonth, 1), end: ymd(year, lastMonth, lastDayOfMonth(year, lastMonth - 1)) };
}

/** The period of a cycle that contains a date. */
export function periodContaining(cycle: ReportCycle, iso: string): Period {
  const year = Number(iso.slice(0, 4));
  const month0 = Number(iso.slice(5, 7)) - 1;
  return build(cycle, year, Math.floor(month0 / monthsPer(cycle)));
}

/** Parses a period code; null when it is not one. */
export function parsePeriod(code: string): Period | null {
  const m = /^(\d{4})(?:M(\d{2})|Q([1-4])|H([12]))$/.exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? build('monthly', year, month - 1) : null;
  }
  if (m[3]) return build('quarterly', year, Number(m[3]) - 1);
  return build('half_yearly', year, Number(m[4]) - 1);
}

export function nextPeriod(p: Period): Period {
  return periodContaining(p.cycle, addDays(p.end, 1));
}

// Boards tally every slot of thousands of items over the same few periods: the date arithmetic is
// done once per period end and due-day count, not once per slot.
const dueDates = new Map<string, string>();

export function dueDateOf(p: Period, dueDays: number): string {
  const key = `${p.end}|${dueDays}`;
  let due = dueDates.get(key);
  if (due === undefined) {
    if (dueDates.size >= 4096) dueDates.clear();
    due = addDays(p.end, dueDays);
    dueDates.set(key, due);
  }
  return due;
}

/**
 * The periods an item owes a report for: from the period after the one the list was adopted in
 * (a list adopted mid-period is not asked to report on days before it existed) while the period
 * has ended by `today`, and not beyond the period in which the item was closed.
 */
export function owedPeriods(cycle: ReportCycle, adoptedOn: string | null, today: string, closedOn: string | null = null): Period[] {
  if (!adoptedOn) return [];
  const out: Period[] = [];
  const stop = closedOn && closedOn < today ? closedOn : today;
  for (let p = nextPeriod(periodContaining(cycle, adoptedOn)); p.end < stop; p = nextPeriod(p)) out.push(p);
  return out;
}

/** The period a report written today would normally be for: the last ended one, or the current one before any ended. */
export function currentReportingPeriod(cycle: ReportCycle, today: string): Period {
  const current = periodContaining(cycle, today);
  return periodContaining(cycle, addDays(current.start, -1));
}

export const REPORT_SLOT_STATES = ['upcoming', 'due', 'submitted', 'accepted', 'returned', 'late', 'missing'] as const;
/**
 * upcoming: the period has not ended; due: ended, not yet reported, due date not passed;
 * submitted/accepted/returned: reported by the due date (in review, accepted, sent back);
 * late: first reported after the due date; missing: not reported and the due date has passed.
 */
export type ReportSlotState = (typeof REPORT_SLOT_STATES)[number];

export interface ReportSlotInput {
  period: Period;
  dueDays: number;
  today: string;
  /** The report for the period, if any: its status and first submission date (YYYY-MM-DD). */
  report: { status: 'submitted' | 'accepted' | 'returned'; firstSubmittedOn: string } | null;
}

export function reportSlotState({ period, dueDays, today, report }: ReportSlotInput): ReportSlotState {
  const due = dueDateOf(period, dueDays);
  if (report) return report.firstSubmittedOn > due ? 'late' : report.status;
  if (today <= period.end) return 'upcoming';
  return today > due ? 'missing' : 'due';
}

/**
 * How a set of report slots went. The one tally behind every on-time rate — the board's per-unit
 * rate, the bulletin and the annual summary — so the same reports never give two different rates.
 */
export interface Punctuality {
  /** Slots whose period has ended (upcoming ones are not owed yet). */
  owed: number;
  /** Reported by the due date, whatever the host made of the report since. */
  onTime: number;
  late: number;
  missing: number;
  /** Ended, not yet reported, still within the due date: not judged yet. */
  pending: number;
}

export const emptyPunctuality = (): Punctuality => ({ owed: 0, onTime: 0, late: 0, missing: 0, pending: 0 });

/** Adds one slot; null (nothing owed for the period) and upcoming slots count for nothing. */
export function tallySlot(p: Punctuality, state: ReportSlotState | null): void {
  if (state === null || state === 'upcoming') return;
  p.owed++;
  if (state === 'late') p.late++;
  else if (state === 'missing') p.missing++;
  else if (state === 'due') p.pending++;
  else p.onTime++;
}

/** Slots already judged: reported on time, reported late, or missing. The rate's denominator. */
export const judgedSlots = (p: Punctuality): number => p.onTime + p.late + p.missing;

/** On time over judged, 0–1; null while nothing has been judged. */
export function onTimeRate(p: Punctuality): number | null {
  const judged = judgedSlots(p);
  return judged > 0 ? p.onTime / judged : null;
}

/** The rate as every screen and document prints it: one decimal and a per-cent sign, or a dash when none. */
export function formatOnTimeRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function periodLabel(code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  const y = code.slice(0, 4);
  switch (p.cycle) {
    case 'monthly':
      return `${y}年${Number(code.slice(5))}月`;
    case 'quarterly':
      return `${y}年第${'一二三四'[Number(code.slice(5)) - 1]}季度`;
    case 'half_yearly':
      return `${y}年${code.endsWith('1') ? '上' : '下'}半年`;
  }
}
