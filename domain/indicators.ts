/**
 * County innovation indicators (PRODUCT.md "Measure"): the catalogue, the figures a county reports
 * each year, what is computed from them, growth, targets and the 创新型县 readiness, and the
 * comparison of a city's counties. Pure functions here; the server stores and scopes, the web shows.
 */
import { z } from 'zod';
import { decimal, zRefId } from './common.js';

export const DIRECTIONS = ['up', 'down'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABEL: Record<SubmissionStatus, string> = { draft: '草稿', submitted: '待审核', accepted: '已审核', returned: '已退回' };

export const TARGET_LEVELS = ['province', 'city'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];
export const TARGET_LEVEL_LABEL: Record<TargetLevel, string> = { province: '省级', city: '市级' };

/** Figures arrive twice: 快报 (preliminary) soon after the year, 年报 (final) months later. */
export const FINALITY_LABEL = { preliminary: '快报（初步）', final: '年报（终审）' } as const;

/** The earliest year the catalogue takes figures for; the latest is the current year. */
export const FIRST_INDICATOR_YEAR = 2000;

export interface IndicatorDef {
  code: string;
  name: string;
  unit: string;
  direction: Direction;
  dimension: string;
  sourceDept: string;
  definition: string;
  /** Computed ones: the inputs and how. Shown as written; evaluated by `computeValue`. */
  formula: string | null;
  /** A figure nobody can report as negative (counts, money). */
  nonNegative: boolean;
}

/**
 * Computed indicators: the inputs they need and the arithmetic. rd_intensity is "computed when both
 * inputs are given, else as entered" (a county may know the published ratio without the inputs), so
 * every computed indicator also accepts an entered value when its inputs are missing.
 */
export const CALCULATIONS: Record<string, { inputs: string[]; compute: (v: Record<string, number>) => number | null; formula: string }> = {
  fiscal_st_share: {
    inputs: ['fiscal_st_expenditure', 'public_budget_expenditure'],
    compute: (v) => (v.public_budget_expenditure > 0 ? (v.fiscal_st_expenditure / v.public_budget_expenditure) * 100 : null),
    formula: '本级财政科学技术支出 ÷ 本级一般公共预算支出 × 100',
  },
  rd_intensity: {
    inputs: ['rd_expenditure', 'gdp'],
    compute: (v) => (v.gdp > 0 ? (v.rd_expenditure / v.gdp) * 100 : null),
    formula: '全社会R&D经费支出 ÷ 地区生产总值 × 100',
  },
  invention_patents_per_10k: {
    inputs: ['invention_patents', 'population'],
    compute: (v) => (v.population > 0 ? v.invention_patents / v.population : null),
    formula: '有效发明专利数 ÷ 常住人口（万人）',
  },
};

/** Whether a change is read in percentage points: the indicator is itself a percentage. */
export const isRatio = (unit: string) => unit === '%';

/** A year's figures for one county: entered values by code; returns entered and computed together. */
export function withComputed(entered: Record<string, number | null>): Record<string, { value: number | null; computed: boolean }> {
  const out: Record<string, { value: number | null; computed: boolean }> = {};
  for (const [code, value] of Object.entries(entered)) out[code] = { value, computed: false };
  for (const [code, calc] of Object.entries(CALCULATIONS)) {
    const inputs = calc.inputs.map((c) => entered[c]);
    if (inputs.every((x) => typeof x === 'number')) {
      const v = calc.compute(Object.fromEntries(calc.inputs.map((c) => [c, entered[c] as number])));
      if (v !== null) {
        out[code] = { value: round(v, 4), computed: true };
        continue;
      }
    }
    if (!(code in out)) out[code] = { value: null, computed: false };
  }
  return out;
}

export const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** Relative growth on the previous year, in per cent; null without a previous year or from zero. */
export function growthPct(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return round(((value - previous) / Math.abs(previous)) * 100, 2);
}

/** The change in percentage points, for ratio indicators only. */
export function changePp(unit: string, value: number | null, previous: number | null): number | null {
  if (!isRatio(unit) || value === null || previous === null) return null;
  return round(value - previous, 4);
}

/** Average annual growth (compound) between the first and the last year that have a value. */
export function averageGrowthPct(series: { year: number; value: number | null }[]): number | null {
  const known = series.filter((s): s is { year: number; value: number } => s.value !== null).sort((a, b) => a.year - b.year);
  if (known.length < 2) return null;
  const first = known[0];
  const last = known[known.length - 1];
  if (first.value <= 0 || last.value < 0) return null;
  return round(((last.value / first.value) ** (1 / (last.year - first.year)) - 1) * 100, 2);
}

/** A value far from last year's asks for a note: |growth| beyond the configured per cent. */
export function isJump(value: number | null, previous: number | null, thresholdPct: number): boolean {
  const g = growthPct(value, previous);
  return g !== null && Math.abs(g) > thresholdPct;
}

/** Met when the value is on the right side of the threshold; the gap is signed so that ≥ 0 means met. */
export function againstTarget(direction: Direction, value: number | null, threshold: number): { met: boolean | null; gap: number | null } {
  if (value === null) return { met: null, gap: null };
  const gap = round(direction === 'up' ? value - threshold : threshold - value, 4);
  return { met: gap >= 0, gap };
}

/** 1 for the best; ties share a rank; counties without a value are not ranked. */
export function rankValues(direction: Direction, values: (number | null)[]): (number | null)[] {
  return values.map((v) => {
    if (v === null) return null;
    return 1 + values.filter((o) => o !== null && (direction === 'up' ? o > v : o < v)).length;
  });
}

/**
 * The composite score, 0–100: each weighted indicator scaled min–max across the counties compared
 * (inverted where lower is better), weighted and summed, over the weights that had values. Shown
 * beside the table as `COMPOSITE_FORMULA`, so a county can redo the sum.
 */
export function compositeScores(rows: { values: Record<string, number | null> }[], weights: { code: string; weight: number; direction: Direction }[]): (number | null)[] {
  const scaled = weights.map((w) => {
    const vs = rows.map((r) => r.values[w.code] ?? null);
    const known = vs.filter((v): v is number => v !== null);
    const [min, max] = [Math.min(...known), Math.max(...known)];
    return vs.map((v) => {
      if (v === null) return null;
      if (max === min) return 1;
      const s = (v - min) / (max - min);
      return w.direction === 'up' ? s : 1 - s;
    });
  });
  return rows.map((_, i) => {
    let sum = 0;
    let weight = 0;
    weights.forEach((w, j) => {
      const s = scaled[j][i];
      if (s === null || w.weight <= 0) return;
      sum += s * w.weight;
      weight += w.weight;
    });
    return weight > 0 ? round((sum / weight) * 100, 1) : null;
  });
}

export const COMPOSITE_FORMULA =
  '综合得分 = Σ（权重 × 标准化值）÷ Σ权重 × 100；标准化值 =（本县值 − 最小值）÷（最大值 − 最小值），越低越好的指标取 1 − 标准化值；缺数的指标不计入该县';

// ── API shapes ─────────────────────────────────────────────────────────────────────────────────

const zYear = decimal(z.number().int().min(FIRST_INDICATOR_YEAR).max(2100));
const zDivision = z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字');
const zCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '指标代码为小写字母开头的字母、数字、下划线');

export const zIndicatorCodeParams = z.strictObject({ code: zCode });

export const zIndicator = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(DIRECTIONS),
  dimension: z.string(),
  sourceDept: z.string(),
  definition: z.string(),
  formula: z.string().nullable(),
  computed: z.boolean(),
  nonNegative: z.boolean(),
  active: z.boolean(),
  sortOrder: z.number(),
  version: z.number(),
});
export type Indicator = z.infer<typeof zIndicator>;

export const zIndicatorInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  unit: z.string().trim().min(1).max(20),
  direction: z.enum(DIRECTIONS),
  dimension: z.string().trim().min(1).max(20),
  sourceDept: z.string().trim().min(1).max(60),
  definition: z.string().trim().max(500).default(''),
  nonNegative: z.boolean().default(true),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10_000).default(1000),
});
export const zIndicatorCreate = zIndicatorInput.extend({ code: zCode });
export const zIndicatorUpdate = zIndicatorInput.partial().extend({ version: zRefId });

export const zTarget = z.object({
  id: z.number(),
  indicator: z.string(),
  level: z.enum(TARGET_LEVELS),
  fromYear: z.number(),
  threshold: z.number(),
  note: z.string(),
});
export type Target = z.infer<typeof zTarget>;
export const zTargetInput = z.strictObject({
  indicator: zCode,
  level: z.enum(TARGET_LEVELS),
  fromYear: z.number().int().min(FIRST_INDICATOR_YEAR).max(2100),
  threshold: z.number().finite(),
  note: z.string().trim().max(200).default(''),
});

export const zCatalogue = z.object({
  data: z.array(zIndicator),
  targets: z.array(zTarget),
  weights: z.array(z.object({ indicator: z.string(), weight: z.number() })),
  /** A value further than this per cent from last year's needs a note. */
  jumpPct: z.number(),
  canManage: z.boolean(),
});
export type Catalogue = z.infer<typeof zCatalogue>;

export const zSettingsUpdate = z.strictObject({
  jumpPct: z.number().min(1).max(10_000),
  weights: z.array(z.strictObject({ indicator: zCode, weight: z.number().min(0).max(100) })).max(100),
});

export const zCounty = z.object({ id: z.number(), name: z.string(), divisionCode: z.string() });
export type County = z.infer<typeof zCounty>;

export const zValuesQuery = z.strictObject({ division: zDivision, year: zYear.optional() });
/** The public shape of issue 10: accepted figures of one county. */
export const zValueRow = z.object({
  indicator: z.string(),
  year: z.number(),
  value: z.number().nullable(),
  computed: z.boolean(),
  growthPct: z.number().nullable(),
  changePp: z.number().nullable(),
  final: z.boolean(),
});
export const zValues = z.object({ county: zCounty, data: z.array(zValueRow) });

export const zSheetQuery = z.strictObject({ division: zDivision, year: zYear });
export const zSheetLine = z.object({
  indicator: z.string(),
  value: z.number().nullable(),
  computed: z.boolean(),
  final: z.boolean(),
  note: z.string(),
  previous: z.number().nullable(),
  growthPct: z.number().nullable(),
  changePp: z.number().nullable(),
  /** Who entered it and when, for the provenance shown beside each figure. */
  enteredBy: z.string().nullable(),
  enteredAt: z.string().nullable(),
  sourceDept: z.string(),
  evidenceId: z.number().nullable(),
});
export const zSheet = z.object({
  county: zCounty,
  year: z.number(),
  status: z.enum(SUBMISSION_STATUSES).nullable(),
  returnReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  version: z.number(),
  lines: z.array(zSheetLine),
  jumpPct: z.number(),
  /** reopen: the reviewer may send an accepted year back for correction (退回更正). */
  can: z.object({ edit: z.boolean(), submit: z.boolean(), review: z.boolean(), reopen: z.boolean() }),
});
export type Sheet = z.infer<typeof zSheet>;

export const zSheetSave = z.strictObject({
  division: zDivision,
  year: z.number().int().min(FIRST_INDICATOR_YEAR).max(2100),
  /** 0 while the county-year has no sheet yet. */
  version: z.number().int().min(0),
  values: z
    .array(
      z.strictObject({
        indicator: zCode,
        value: z.number().finite().nullable(),
        final: z.boolean().default(false),
        note: z.string().trim().max(200).default(''),
        evidenceId: zRefId.nullable().optional(),
      }),
    )
    .max(200),
});
export type SheetSave = z.infer<typeof zSheetSave>;

export const zSheetAction = z.strictObject({ division: zDivision, year: zYear, version: zRefId });
export const zSheetReview = zSheetAction.extend({ decision: z.enum(['accept', 'return']), reason: z.string().trim().max(500).default('') });

export const zSubmissionsQuery = z.strictObject({ year: zYear.optional(), status: z.enum(SUBMISSION_STATUSES).optional() });
export const zSubmission = z.object({
  county: zCounty,
  year: z.number(),
  status: z.enum(SUBMISSION_STATUSES),
  filled: z.number(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
});

export const zHistoryQuery = z.strictObject({ division: zDivision, year: zYear, indicator: zCode.optional() });
export const zHistoryRow = z.object({
  indicator: z.string(),
  value: z.number().nullable(),
  final: z.boolean(),
  note: z.string(),
  action: z.string(),
  by: z.string(),
  at: z.string(),
});

export const zYearQuery = z.strictObject({ year: zYear });
export const zReadinessQuery = z.strictObject({ division: zDivision, year: zYear });
export const zReadiness = z.object({
  county: zCounty,
  year: z.number(),
  rows: z.array(
    z.object({
      indicator: z.string(),
      level: z.enum(TARGET_LEVELS),
      threshold: z.number(),
      value: z.number().nullable(),
      gap: z.number().nullable(),
      met: z.boolean().nullable(),
      growthPct: z.number().nullable(),
      averageGrowthPct: z.number().nullable(),
      /** Values of the years up to this one, oldest first: the trend. */
      series: z.array(z.object({ year: z.number(), value: z.number().nullable() })),
    }),
  ),
  met: z.number(),
  total: z.number(),
});

export const zComparison = z.object({
  year: z.number(),
  counties: z.array(zCounty),
  indicators: z.array(z.object({ code: z.string(), values: z.array(z.number().nullable()), ranks: z.array(z.number().nullable()) })),
  scores: z.array(z.number().nullable()),
  scoreRanks: z.array(z.number().nullable()),
  weights: z.array(z.object({ indicator: z.string(), weight: z.number() })),
  formula: z.string(),
});
export type Comparison = z.infer<typeof zComparison>;

/** One indicator's accepted figures of every county in scope, year by year: the dashboard's trend lines. */
export const zTrendQuery = z.strictObject({ indicator: zCode });
export const zTrend = z.object({
  indicator: z.string(),
  years: z.array(z.number()),
  counties: z.array(zCounty),
  /** values[county][year], in the order of `counties` and `years`; null where no accepted figure. */
  values: z.array(z.array(z.number().nullable())),
});
export type Trend = z.infer<typeof zTrend>;
