import { z } from 'zod';
import { LIMITS, zRefId } from './common.js';

/**
 * A division (province, city, county) is a place; its people's government (government) is the body
 * that sits at a consultation; departments work under either.
 */
export const ORG_KINDS = ['province', 'city', 'county', 'government', 'department', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** GB/T 2260: six digits; province xx0000, city xxxx00. */
export const zDivisionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');

export const zOrgCreate = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.nameMax),
  shortName: z.string().trim().max(LIMITS.nameMax).nullish(),
  kind: z.enum(ORG_KINDS),
  parentId: zRefId.nullable(),
  divisionCode: zDivisionCode.nullish(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type OrgCreate = z.infer<typeof zOrgCreate>;

export const zOrgUpdate = zOrgCreate.partial().extend({ version: zRefId });
export type OrgUpdate = z.infer<typeof zOrgUpdate>;

export const zOrg = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(ORG_KINDS),
  divisionCode: z.string().nullable(),
  sortOrder: z.number(),
  version: z.number(),
});
export type Org = z.infer<typeof zOrg>;

/** An organisation as the list shows it to the caller: with whether the caller may administer it. */
export const zListedOrg = zOrg.extend({
  /** Edit, add under, delete and set its robot: an organisation administrator whose subtree holds it. */
  canManage: z.boolean(),
});
export type ListedOrg = z.infer<typeof zListedOrg>;

/** Division codes must agree with the kind: a province ends in 0000, a city in 00. */
export function divisionCodeFits(kind: OrgKind, code: string | null | undefined): boolean {
  if (!code) return kind === 'government' || kind === 'department' || kind === 'other';
  if (kind === 'province') return code.endsWith('0000');
  if (kind === 'city') return code.endsWith('00') && !code.endsWith('0000');
  if (kind === 'county') return !code.endsWith('00');
  return true;
}

/**
 * Who may sit across the table as 会商方: a people's government only. A department takes part through
 * its government (as lead or cooperating unit of items), and a division node names a place, not a body.
 */
export function mayBeConsultationPartner(kind: string): boolean {
  return kind === 'government';
}
