import { z } from 'zod';

export const LIMITS = {
  titleMax: 200,
  contentMax: 4000,
  nameMax: 100,
  shortTextMax: 100,
  themeMax: 500,
  pageSizeMax: 200,
  pageSizeDefault: 50,
  usernameMax: 32,
  passwordMin: 10,
  passwordMax: 128,
  coUnitsMax: 20,
  fundingWanMax: 10_000_000,
} as const;

/** The largest value an integer column holds on both databases; anything above is a 4xx, not a driver error. */
export const INT_MAX = 2_147_483_647;
/**
 * A whole number as a path or query string carries it: canonical decimal digits only. Coercing any
 * string the way Number() does let `/items/0x10` reach item 16 and ` 1e1` mean 10.
 */
export function decimal<T extends z.ZodType<number>>(inner: T) {
  return z.preprocess((v) => (typeof v === 'string' && /^(0|-?[1-9]\d{0,15})$/.test(v) ? Number(v) : v), inner);
}
export const zId = decimal(z.number().int().positive().max(INT_MAX));
/** A row id or version in a JSON body (no coercion: a string there is a client bug worth a 400). */
export const zRefId = z.number().int().positive().max(INT_MAX);
export const zIdParams = z.strictObject({ id: zId });

/** A calendar date as officials write it in forms: YYYY-MM-DD, validated as a real day. */
export const zDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '不是有效日期');

export const zPageQuery = {
  limit: decimal(z.number().int().min(1).max(LIMITS.pageSizeMax)).default(LIMITS.pageSizeDefault),
  cursor: z.string().max(500).optional(),
};

/**
 * A cursor that is the last row's id (logs, runs and accounts paged by id): whole digits within an
 * integer column's range, so a longer number is refused here instead of failing in PostgreSQL.
 */
export const zIdCursor = z
  .string()
  .regex(/^\d{1,10}$/, '无效的游标')
  .refine((s) => Number(s) > 0 && Number(s) <= INT_MAX, '无效的游标')
  .optional();

export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const zOrgRef = z.object({ id: z.number(), name: z.string() });

export const zOkResponse = z.object({ ok: z.literal(true) });
