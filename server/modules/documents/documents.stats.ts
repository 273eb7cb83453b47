/** The figures the bulletin and the summary print: completion and on-time reporting, grouped. */
import { CATEGORIES, type Category } from '../../../domain/items.js';
import { parseLightReasons } from '../../../domain/lights.js';
import { emptyPunctuality, formatOnTimeRate, onTimeRate, tallySlot, type Period, type Punctuality, type ReportCycle, type ReportSlotState } from '../../../domain/periods.js';
import { itemReportSlots } from '../lights/lights.service.js';
import type { DocItem, DocReport } from './documents.repo.js';

export const NO_UNIT = '（未定牵头单位）';

export interface Completion {
  total: number;
  completed: number;
  inProgress: number;
  notStarted: number;
  delayed: number;
  cancelled: number;
}

function emptyCompletion(): Completion {
  return { total: 0, completed: 0, inProgress: 0, notStarted: 0, delayed: 0, cancelled: 0 };
}

function add(c: Completion, status: string) {
  c.total++;
  if (status === 'completed') c.completed++;
  else if (status === 'in_progress') c.inProgress++;
  else if (status === 'not_started') c.notStarted++;
  else if (status === 'delayed') c.delayed++;
  else if (status === 'cancelled') c.cancelled++;
}

/** Completed over the items still in force (cancelled ones are out of the count), as a percentage. */
export function completionRate(c: Completion): string {
  const base = c.total - c.cancelled;
  return base > 0 ? `${((c.completed / base) * 100).toFixed(1)}%` : '—';
}

export function completionByCategory(items: DocItem[]): { category: Category; c: Completion }[] {
  return CATEGORIES.map((category) => {
    const c = emptyCompletion();
    for (const i of items) if (i.category === category) add(c, i.status);
    return { category, c };
  });
}

export function completionTotal(items: DocItem[]): Completion {
  const c = emptyCompletion();
  for (const i of items) add(c, i.status);
  return c;
}

/** Lead units in the organisation tree's order, then by name; items without one last. */
function unitKey(i: DocItem): { name: string; order: number } {
  return { name: i.lead_unit_name ?? NO_UNIT, order: i.lead_unit_name ? (i.lead_unit_order ?? 0) : Number.MAX_SAFE_INTEGER };
}

function byUnit<T>(items: DocItem[], make: () => T, fold: (acc: T, item: DocItem) => void): { unit: string; value: T }[] {
  const groups = new Map<string, { order: number; value: T }>();
  for (const i of items) {
    const k = unitKey(i);
    let g = groups.get(k.name);
    if (!g) groups.set(k.name, (g = { order: k.order, value: make() }));
    fold(g.value, i);
  }
  return [...groups.entries()].sort((a, b) => a[1].order - b[1].order || a[0].localeCompare(b[0], 'zh-CN')).map(([unit, g]) => ({ unit, value: g.value }));
}

export function completionByUnit(items: DocItem[]) {
  return byUnit(items, emptyCompletion, (c, i) => add(c, i.status));
}

export type { Punctuality };

/** The shared on-time rate (domain/periods.ts, also the board's), as a document prints it. */
export function punctualityRate(p: Punctuality): string {
  return formatOnTimeRate(onTimeRate(p));
}

export interface SlotContext {
  /** The consultation's status: the same rule as the board's says which lists owe reports at all. */
  status: string;
  cycle: ReportCycle;
  dueDays: number;
  adoptedOn: string | null;
  today: string;
}

/**
 * Each item's reporting slot for a period: null when the item owed no report for it (the list was
 * adopted later, the item was closed before it, or was cancelled). Creation dates say nothing here:
 * an imported ledger creates its items long after the list was adopted. The slots come from the
 * same function the board, the lights and the reports API use.
 */
export function slotOf(item: DocItem, period: Period, report: DocReport | undefined, ctx: SlotContext): ReportSlotState | null {
  if (item.status === 'cancelled') return null;
  const consultation = { status: ctx.status, adopted_on: ctx.adoptedOn, report_cycle: ctx.cycle, report_due_days: ctx.dueDays };
  const slots = itemReportSlots(consultation, item, report ? [report] : [], ctx.today);
  return slots.find((s) => s.period === period.code)?.state ?? null;
}

/** On-time reporting per lead unit over one or more periods, plus the overall line. */
export function punctualityByUnit(items: DocItem[], periods: Period[], reports: DocReport[], ctx: SlotContext) {
  const index = new Map(reports.map((r) => [`${r.item_id}:${r.period}`, r]));
  const total = emptyPunctuality();
  const rows = byUnit(items, emptyPunctuality, (acc, i) => {
    for (const p of periods) {
      const s = slotOf(i, p, index.get(`${i.id}:${p.code}`), ctx);
      tallySlot(acc, s);
      tallySlot(total, s);
    }
  }).filter((r) => r.value.owed > 0);
  return { rows, total };
}

/** Why an item's light is what it is, in the words the lights module stored. */
export function lightReasons(json: string): string[] {
  return parseLightReasons(json).map((r) => r.message);
}
