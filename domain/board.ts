/**
 * The supervision board (督办看板): counts by light × category and by lead unit, the overdue list,
 * the reports of the current period and the open notices. Every count carries the filter that
 * reproduces its items, so the web can click through.
 */
import { z } from 'zod';
import { CATEGORIES } from './items.js';
import { REPORT_SLOT_STATES } from './periods.js';
import { LIGHTS } from './supervision.js';
import { zLightReason } from './lights.js';
import { zNotice } from './notices.js';
import { REPORT_STATUSES } from './reports.js';
import { zId, zOrgRef, zPageQuery } from './common.js';

export const zBoardFilter = z.object({
  consultationId: z.number().optional(),
  light: z.enum(LIGHTS).optional(),
  category: z.enum(CATEGORIES).optional(),
  leadUnitId: z.number().optional(),
  overdue: z.literal(true).optional(),
});
export type BoardFilter = z.infer<typeof zBoardFilter>;

const zLightCounts = z.object({ green: z.number(), yellow: z.number(), red: z.number(), none: z.number() });

export const zBoardCell = z.object({
  light: z.enum(LIGHTS),
  category: z.enum(CATEGORIES),
  count: z.number(),
  filter: zBoardFilter,
});

export const zBoardUnitRow = z.object({
  leadUnit: zOrgRef.nullable(),
  total: z.number(),
  byLight: zLightCounts,
  /** Reports whose due date has passed (or that came in anyway) for the unit's open items. */
  reportsOwed: z.number(),
  /** Of those, first submitted by the due date. */
  reportsOnTime: z.number(),
  /** reportsOnTime / reportsOwed, 0–1; null when nothing was owed yet. */
  onTimeRate: z.number().nullable(),
  filter: zBoardFilter,
});

export const zBoardItem = z.object({
  id: z.number(),
  consultationId: z.number(),
  consultationTitle: z.string(),
  title: z.string(),
  category: z.enum(CATEGORIES),
  status: z.string(),
  light: z.enum(LIGHTS),
  /** Why the light is what it is: a light never appears without its reasons. */
  lightReasons: z.array(zLightReason),
  deadline: z.string().nullable(),
  leadUnit: zOrgRef.nullable(),
  /** On the drill-down list: the version a bulk change from the board sends back as the one it saw. */
  version: z.number().optional(),
});
export type BoardItem = z.infer<typeof zBoardItem>;

export const zBoardOverdue = zBoardItem.extend({ daysOverdue: z.number() });

export const zBoardReport = z.object({
  itemId: z.number(),
  itemTitle: z.string(),
  consultationId: z.number(),
  leadUnit: zOrgRef.nullable(),
  light: z.enum(LIGHTS),
  lightReasons: z.array(zLightReason),
  period: z.string(),
  dueOn: z.string(),
  state: z.enum(REPORT_SLOT_STATES),
});

export const zBoard = z.object({
  scope: z.enum(['consultation', 'all']),
  today: z.string(),
  consultations: z.array(z.object({ id: z.number(), title: z.string(), status: z.string(), currentPeriod: z.string().nullable() })),
  totals: z.object({ items: z.number(), byLight: zLightCounts, overdue: z.number(), openNotices: z.number() }),
  lightByCategory: z.array(zBoardCell),
  byLeadUnit: z.array(zBoardUnitRow),
  overdue: z.array(zBoardOverdue),
  /** The current period's reports: items by slot state, and the first page of the list by (due day, item); later pages come from /board/current-reports. */
  currentReports: z.object({
    byState: z.record(z.string(), z.number()),
    rows: z.array(zBoardReport),
    nextCursor: z.string().nullable(),
  }),
  openNotices: z.array(zNotice),
});
export type Board = z.infer<typeof zBoard>;

export const zBoardItemsQuery = z.strictObject({
  consultationId: zId.optional(),
  light: z.enum(LIGHTS).optional(),
  category: z.enum(CATEGORIES).optional(),
  leadUnitId: zId.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** `deadline`: nearest deadline first, items without one last; otherwise in id order. */
  sort: z.enum(['id', 'deadline']).optional(),
  ...zPageQuery,
});
export type BoardItemsQuery = z.infer<typeof zBoardItemsQuery>;

/** Later pages of the board's current-period report list: one consultation's, or the whole scope's. */
export const zBoardCurrentReportsQuery = z.strictObject({
  consultationId: zId.optional(),
  ...zPageQuery,
});
export type BoardCurrentReportsQuery = z.infer<typeof zBoardCurrentReportsQuery>;

/** A consultation's progress reports as they came in, newest first: what the 进展 tab lists as latest. */
export const zRecentReport = z.object({
  id: z.number(),
  itemId: z.number(),
  itemTitle: z.string(),
  category: z.enum(CATEGORIES),
  period: z.string(),
  status: z.enum(REPORT_STATUSES),
  percent: z.number(),
  /** The latest (re)submission; the list is ordered by it. */
  submittedAt: z.string(),
  authorOrg: zOrgRef,
  leadUnit: zOrgRef.nullable(),
});
export type RecentReport = z.infer<typeof zRecentReport>;

export const zRecentReportsQuery = z.strictObject({ ...zPageQuery });
