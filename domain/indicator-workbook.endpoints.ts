import { z } from 'zod';
import { decimal } from './common.js';
import { defineEndpoint } from './contract.js';
import { FIRST_INDICATOR_YEAR } from './indicators.js';
import { INDICATOR_PROBLEM_CODES } from './indicator-workbook.js';

/**
 * The county's yearly indicator workbook: upload for a preview, then commit the same file, all or
 * nothing. Nothing is kept between the two calls: the commit reads the file again, so what is written
 * is exactly what the file says. The exports (a county's table, the comparison) answer with the
 * workbook itself, not JSON, so they are routes of their own and the web links to them.
 */

const zDivision = z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字');

/** `county` overrides the county the file names (填报单位 or title). */
export const zIndicatorImportQuery = z.strictObject({ county: zDivision.optional(), sheet: z.string().trim().min(1).max(100).optional() });

export const zIndicatorImportProblem = z.object({ cell: z.string(), code: z.enum(INDICATOR_PROBLEM_CODES), message: z.string() });

export const zIndicatorImportPreview = z.object({
  filename: z.string(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  orientation: z.enum(['indicator_rows', 'year_rows']).nullable(),
  headerRow: z.number().nullable(),
  county: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** What the file says about who filled it in, as written. */
  countyText: z.string().nullable(),
  years: z.array(z.number()),
  indicators: z.array(z.string()),
  values: z.array(z.object({ indicator: z.string(), year: z.number(), value: z.number(), cell: z.string(), final: z.boolean() })),
  /**
   * Years already submitted or accepted: left as they are (an import never overwrites them), with
   * how many of the file's figures differ from theirs. Empty when the file has no other year: then
   * those years are problems and the commit is refused.
   */
  skipped: z.array(z.object({ year: z.number(), cell: z.string(), status: z.enum(['submitted', 'accepted']), differing: z.number() })),
  problems: z.array(zIndicatorImportProblem),
  /** True while a problem stops the commit. */
  blocked: z.boolean(),
});
export type IndicatorImportPreview = z.infer<typeof zIndicatorImportPreview>;

export const zIndicatorImportResult = z.object({
  county: z.object({ code: z.string(), name: z.string() }),
  years: z.array(z.number()),
  /** Figures written (each left on its county-year sheet as a draft to submit). */
  written: z.number(),
  /** Years of the file left untouched (already submitted or accepted). */
  skipped: z.array(z.number()),
});
export type IndicatorImportResult = z.infer<typeof zIndicatorImportResult>;

export const zCountyExportQuery = z.strictObject({ division: zDivision });
export const zComparisonExportQuery = z.strictObject({ year: decimal(z.number().int().min(FIRST_INDICATOR_YEAR).max(2100)) });

export const indicatorWorkbookEndpoints = {
  /** A multipart form with `file`. */
  preview: defineEndpoint({ method: 'POST', path: '/indicators/imports/preview', query: zIndicatorImportQuery, multipart: true, response: zIndicatorImportPreview }),
  /** The same file again: written all or nothing, or refused with every problem by cell. */
  commit: defineEndpoint({ method: 'POST', path: '/indicators/imports/commit', query: zIndicatorImportQuery, multipart: true, response: zIndicatorImportResult, status: 201 }),
};

/** The download links (GET, xlsx). */
export const INDICATOR_EXPORT_PATHS = { county: '/indicators/export/county.xlsx', comparison: '/indicators/export/comparison.xlsx' } as const;
