/**
 * 考评: each lead unit's score for a period (a quarter, a half-year or a year), from five figures
 * the bureau weighs. The score is additive and every part is printed beside it, so a unit can check
 * its own score by hand:
 *
 *   按时报送率 × w1 + 按期办结率 × w2 + 督办单按期答复率 × w3 − 红灯天数 × w4 − 退回次数 × w5
 *
 * A rate with nothing to judge (no report owed, no item due, no notice received) earns its full
 * weight: the unit failed nothing, and a unit with fewer items must not rank below one that missed
 * some. The score never goes below zero.
 */
import { z } from 'zod';
import { zRefId } from './common.js';
import { addDays, daysBetween, parsePeriod, type Period } from './periods.js';
import { LIGHTS, type Light } from './supervision.js';

/** Quarter (2026Q3), half-year (2026H1) or whole year (2026). */
export const zAssessmentPeriod = z.string().regex(/^\d{4}(Q[1-4]|H[12])?$/, '考评周期格式应为 2026Q3、2026H1 或 2026');

export function parseAssessmentPeriod(code: string): { code: string; start: string; end: string } | null {
  if (/^\d{4}$/.test(code)) return { code, start: `${code}-01-01`, end: `${code}-12-31` };
  if (!/^\d{4}(Q[1-4]|H[12])$/.test(code)) return null;
  const p: Period | null = parsePeriod(code);
  return p ? { code, start: p.start, end: p.end } : null;
}

export function assessmentPeriodLabel(code: string): string {
  if (/^\d{4}$/.test(code)) return `${code}年`;
  const y = code.slice(0, 4);
  if (code[4] === 'Q') return `${y}年第${'一二三四'[Number(code[5]) - 1]}季度`;
  return `${y}年${code[5] === '1' ? '上' : '下'}半年`;
}

export const WEIGHT_MAX = 1000;
const weight = z.number().min(0, '权重不能为负').max(WEIGHT_MAX, `权重不能超过 ${WEIGHT_MAX}`);

/** Points for a full rate (the three rates) and points taken per unit (red-light day, returned round). */
export const zAssessmentWeights = z.strictObject({
  onTimeReports: weight,
  completedOnTime: weight,
  answeredNotices: weight,
  redLightDay: weight,
  returnedReport: weight,
});
export type AssessmentWeights = z.infer<typeof zAssessmentWeights>;

/** Until the bureau sets its own: the three rates make 100 points, the deductions are small. */
export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = { onTimeReports: 40, completedOnTime: 40, answeredNotices: 20, redLightDay: 0.5, returnedReport: 2 };

/** The figures one unit earned in the period. */
export interface UnitFigures {
  reportsOwed: number;
  reportsOnTime: number;
  itemsDue: number;
  itemsOnTime: number;
  redLightDays: number;
  returnedReports: number;
  noticesReceived: number;
  /** Answered at all, in time or late. */
  noticesAnswered: number;
  noticesAnsweredOnTime: number;
}

/** A unit before anything of its items has been counted. */
export function emptyUnitFigures(): UnitFigures {
  return { reportsOwed: 0, reportsOnTime: 0, itemsDue: 0, itemsOnTime: 0, redLightDays: 0, returnedReports: 0, noticesReceived: 0, noticesAnswered: 0, noticesAnsweredOnTime: 0 };
}

export interface ScoreTerm {
  factor: 'onTimeReports' | 'completedOnTime' | 'answeredNotices' | 'redLightDay' | 'returnedReport';
  /** The rate (0–1, null when nothing was judged) or the count. */
  value: number | null;
  weight: number;
  /** Signed points this term adds. */
  points: number;
}

export interface UnitScore {
  score: number;
  terms: ScoreTerm[];
  formula: string;
}

const ratio = (done: number, of: number): number | null => (of > 0 ? done / of : null);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Writes a number as a person would: no trailing zeros (30, 0.5, 12.25). */
export function plainNumber(n: number): string {
  return String(round2(n));
}

function pct(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

const RATE_NAMES = { onTimeReports: '按时报送率', completedOnTime: '按期办结率', answeredNotices: '督办单按期答复率' } as const;

/** The score and its formula; pure, so the same figures and weights always give the same line. */
export function scoreUnit(f: UnitFigures, w: AssessmentWeights): UnitScore {
  const rateTerm = (factor: keyof typeof RATE_NAMES, rate: number | null): ScoreTerm => ({
    factor,
    value: rate,
    weight: w[factor],
    points: (rate ?? 1) * w[factor],
  });
  const terms: ScoreTerm[] = [
    rateTerm('onTimeReports', ratio(f.reportsOnTime, f.reportsOwed)),
    rateTerm('completedOnTime', ratio(f.itemsOnTime, f.itemsDue)),
    rateTerm('answeredNotices', ratio(f.noticesAnsweredOnTime, f.noticesReceived)),
    { factor: 'redLightDay', value: f.redLightDays, weight: w.redLightDay, points: -f.redLightDays * w.redLightDay },
    { factor: 'returnedReport', value: f.returnedReports, weight: w.returnedReport, points: -f.returnedReports * w.returnedReport },
  ];
  const score = round2(
    Math.max(
      0,
      terms.reduce((s, t) => s + t.points, 0),
    ),
  );
  return { score, terms, formula: formulaOf(terms, score) };
}

/** "按时报送率 75.0% × 40 + … − 红灯 12 天 × 0.5 − 退回 1 次 × 2 = 81.5"; a rate with nothing judged reads "—（无）". */
export function formulaOf(terms: ScoreTerm[], score: number): string {
  const parts = terms.map((t, i) => {
    if (t.factor === 'redLightDay') return `− 红灯 ${t.value} 天 × ${plainNumber(t.weight)}`;
    if (t.factor === 'returnedReport') return `− 退回 ${t.value} 次 × ${plainNumber(t.weight)}`;
    const name = RATE_NAMES[t.factor];
    const text = t.value === null ? `${name}（无应考核，按满分）× ${plainNumber(t.weight)}` : `${name} ${pct(t.value)} × ${plainNumber(t.weight)}`;
    return i === 0 ? text : `+ ${text}`;
  });
  const floor = terms.reduce((s, t) => s + t.points, 0) < 0 ? '（不低于 0）' : '';
  return `${parts.join(' ')} = ${plainNumber(score)}${floor}`;
}

/**
 * Whether an item counts towards 按期办结 in a period, and whether on time. An item closed by its
 * deadline (or one without a deadline: 长期) is judged in the period it was closed in; one that
 * missed its deadline is judged, late, in the period the deadline fell in — once the deadline has
 * passed, closed since or not. Cancelled items are not judged.
 */
export function completionJudgement(
  item: { status: string; deadline: string | null; ongoing: boolean; closedOn: string | null },
  period: { start: string; end: string },
  today: string,
): 'on_time' | 'late' | null {
  if (item.status === 'cancelled') return null;
  const closed = item.status === 'completed' && item.closedOn !== null;
  const deadline = item.ongoing ? null : item.deadline;
  const inPeriod = (d: string) => d >= period.start && d <= period.end;
  if (closed && (deadline === null || item.closedOn! <= deadline)) return inPeriod(item.closedOn!) ? 'on_time' : null;
  if (deadline === null || deadline >= today) return null;
  return inPeriod(deadline) ? 'late' : null;
}

export interface LightChange {
  /** The China-time day the change was recorded on (YYYY-MM-DD). */
  on: string;
  from: Light;
  to: Light;
}

/**
 * Days in [start, end] (end inclusive, never past today) on which an item's light stood red at the
 * end of the day. Only changes are recorded (the daily sweep writes an 'item.light_changed' event
 * when a light moves, not a row per day), so the days are rebuilt from them: the light in force at
 * the start is the last change before it, else the `from` of the first change after it, else the
 * item's light now (it never changed). `before` is the last change before `start`, `changes` those
 * from `start` on, in order.
 */
export function redLightDays(current: Light, before: LightChange | null, changes: readonly LightChange[], start: string, end: string, today: string): number {
  const last = end < today ? end : today;
  if (last < start) return 0;
  let light: Light = before ? before.to : changes.length ? changes[0]!.from : current;
  let from = start;
  let days = 0;
  const stop = addDays(last, 1);
  for (const c of changes) {
    if (c.on >= stop) break;
    // A change recorded on day d sets the light from d on (later changes that day win).
    if (light === 'red' && c.on > from) days += daysBetween(from, c.on);
    if (c.on > from) from = c.on;
    light = c.to;
  }
  if (light === 'red') days += daysBetween(from, stop);
  return days;
}

export const asLightCode = (l: unknown): Light => ((LIGHTS as readonly unknown[]).includes(l) ? (l as Light) : 'none');

// ---- HTTP shapes ----

export const zAssessmentQuery = z.strictObject({
  period: zAssessmentPeriod.optional(),
  hostOrgId: z.preprocess((v) => (typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : v), zRefId).optional(),
});
export type AssessmentQuery = z.infer<typeof zAssessmentQuery>;

const zTerm = z.object({
  factor: z.enum(['onTimeReports', 'completedOnTime', 'answeredNotices', 'redLightDay', 'returnedReport']),
  value: z.number().nullable(),
  weight: z.number(),
  points: z.number(),
});

export const zAssessmentRow = z.object({
  rank: z.number().int(),
  unit: z.object({ id: z.number().int(), name: z.string() }),
  items: z.number().int(),
  figures: z.object({
    reportsOwed: z.number().int(),
    reportsOnTime: z.number().int(),
    itemsDue: z.number().int(),
    itemsOnTime: z.number().int(),
    redLightDays: z.number().int(),
    returnedReports: z.number().int(),
    noticesReceived: z.number().int(),
    noticesAnswered: z.number().int(),
    noticesAnsweredOnTime: z.number().int(),
  }),
  score: z.number(),
  terms: z.array(zTerm),
  formula: z.string(),
});
export type AssessmentRow = z.infer<typeof zAssessmentRow>;

export const zAssessmentWeightsState = z.object({
  hostOrg: z.object({ id: z.number().int(), name: z.string() }),
  weights: zAssessmentWeights,
  /** 0 while the bureau still uses the defaults. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  canEdit: z.boolean(),
});

export const zAssessment = z.object({
  period: z.object({ code: z.string(), start: z.string(), end: z.string() }),
  today: z.string(),
  /** The bureaus whose consultations the caller sees; each weighs its own units. */
  hosts: z.array(z.object({ id: z.number().int(), name: z.string() })),
  weights: zAssessmentWeightsState.nullable(),
  rows: z.array(zAssessmentRow),
});
export type Assessment = z.infer<typeof zAssessment>;

export const zAssessmentWeightsUpdate = z.strictObject({
  hostOrgId: zRefId,
  /** The version read (0 for the defaults); a stale one gets 409. */
  version: z.number().int().min(0),
  weights: zAssessmentWeights,
});
