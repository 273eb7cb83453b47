/**
 * The leader's data dashboard (数据看板): the agreed items of the consultations in the caller's
 * scope, counted by category × light, domain, lead unit, completion quarter and county, plus the
 * overdue list. Every figure is the size of one filter of the dashboard's item list
 * (zDashboardItemsQuery), which is what a click on it opens, so a number and its list never disagree.
 */
import { z } from 'zod';
import { decimal, zId, zOrgRef, zPageQuery } from './common.js';
import { zBoardItem } from './board.js';
import { CATEGORIES, ITEM_STATUSES } from './items.js';
import { LIGHTS } from './supervision.js';

/**
 * Which consultations a dashboard covers. Without a year: those whose list is in force (落实中,
 * what the 督办看板 chases today). With a year: that year's agreed lists, closed ones included,
 * so last year's results can still be read after its annual summary.
 */
export const DASHBOARD_LIVE_STATUSES = ['adopted', 'implementing'] as const;
export const DASHBOARD_AGREED_STATUSES = ['adopted', 'implementing', 'closed'] as const;

/** How many overdue items the dashboard lists itself; the rest are one click away. */
export const DASHBOARD_OVERDUE_TOP = 10;

const zYearParam = decimal(z.number().int().min(2000).max(2100));
/** A completion quarter (2026Q3), or `undated` for items completed without a recorded day. */
export const zCompletedIn = z.union([z.string().regex(/^\d{4}Q[1-4]$/, '季度格式应为 2026Q3'), z.literal('undated')]);

const scopeFilter = {
  consultationId: zId.optional(),
  year: zYearParam.optional(),
};

export const zDashboardQuery = z.strictObject(scopeFilter);
export type DashboardQuery = z.infer<typeof zDashboardQuery>;

/** The items behind one figure: the dashboard's scope filter plus the figure's own. */
export const zDashboardItemsQuery = z.strictObject({
  ...scopeFilter,
  /** Consultations where a partner of the table belongs to this organisation (a county) or below it. */
  countyId: zId.optional(),
  category: z.enum(CATEGORIES).optional(),
  light: z.enum(LIGHTS).optional(),
  domain: z.string().trim().min(1).max(50).optional(),
  /** A unit's id, or `none` for items whose lead unit is not set yet. */
  leadUnitId: z.union([zId, z.literal('none')]).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  overdue: z.literal('true').optional(),
  completedIn: zCompletedIn.optional(),
  ...zPageQuery,
});
export type DashboardItemsQuery = z.infer<typeof zDashboardItemsQuery>;
/** A figure's filter as a link carries it: the list query without its paging. */
export type DashboardItemsFilter = Omit<DashboardItemsQuery, 'limit' | 'cursor'>;

export const zDashboardItem = zBoardItem.extend({
  domain: z.string(),
  progress: z.number(),
  closedOn: z.string().nullable(),
});
export type DashboardItem = z.infer<typeof zDashboardItem>;

export const zDashboardItems = z.object({
  data: z.array(zDashboardItem),
  nextCursor: z.string().nullable(),
  /** Every item the filter matches, not just this page: the number the figure showed. */
  total: z.number(),
});

const zLightCounts = z.object({ green: z.number(), yellow: z.number(), red: z.number(), none: z.number() });
export type LightCounts = z.infer<typeof zLightCounts>;

export const zCountyRef = z.object({ id: z.number(), name: z.string(), divisionCode: z.string().nullable() });

export const zDashboard = z.object({
  today: z.string(),
  /** The filter the figures answer (echoed so a page can tell a stale answer from the current one). */
  filter: z.object({ consultationId: z.number().nullable(), year: z.number().nullable() }),
  /** What the filters can pick from: every agreed consultation in scope, newest first, and their years. */
  options: z.object({
    consultations: z.array(z.object({ id: z.number(), title: z.string(), year: z.number(), status: z.string(), counties: z.array(zCountyRef) })),
    years: z.array(z.number()),
  }),
  /** The consultations the figures cover. */
  consultationIds: z.array(z.number()),
  totals: z.object({
    items: z.number(),
    byLight: zLightCounts,
    completed: z.number(),
    cancelled: z.number(),
    overdue: z.number(),
    /** completed / (items − cancelled), 0–1; null when nothing is left to complete. */
    completionRate: z.number().nullable(),
  }),
  byCategoryLight: z.array(z.object({ category: z.enum(CATEGORIES), light: z.enum(LIGHTS), count: z.number() })),
  /** Most items first. */
  byDomain: z.array(z.object({ domain: z.string(), total: z.number(), byLight: zLightCounts })),
  /** Lowest completion first among units with something to complete, then the rest. */
  byLeadUnit: z.array(
    z.object({
      leadUnit: zOrgRef.nullable(),
      total: z.number(),
      completed: z.number(),
      cancelled: z.number(),
      completionRate: z.number().nullable(),
      /** Report punctuality, the same tally as the 督办看板's per-unit rate. */
      reportsOwed: z.number(),
      reportsOnTime: z.number(),
      onTimeRate: z.number().nullable(),
    }),
  ),
  /** Items completed (办结) per quarter of their closing day, every quarter from the first adoption to today. */
  completedByQuarter: z.object({ quarters: z.array(z.object({ period: z.string(), count: z.number() })), undated: z.number() }),
  overdue: z.object({ total: z.number(), rows: z.array(zBoardItem.extend({ daysOverdue: z.number() })) }),
  /** Per county of the partners, most red first: the ranking and the map. */
  byCounty: z.array(
    z.object({
      county: zCountyRef,
      consultations: z.number(),
      total: z.number(),
      byLight: zLightCounts,
      completed: z.number(),
      cancelled: z.number(),
      completionRate: z.number().nullable(),
      overdue: z.number(),
    }),
  ),
});
export type Dashboard = z.infer<typeof zDashboard>;

export const zeroLightCounts = (): LightCounts => ({ green: 0, yellow: 0, red: 0, none: 0 });

/** Completion rate as the dashboard states it: cancelled items are no longer to be done. */
export function completionRate(completed: number, total: number, cancelled: number): number | null {
  const due = total - cancelled;
  return due > 0 ? completed / due : null;
}

/** A rate as a whole per cent for a chart's axis and labels (the 0–1 value stays exact in the API). */
export function percentOf(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
