import { z } from 'zod';
import { LIMITS, zId } from './common.js';
import { CATEGORIES } from './items.js';

/** The two sides of the table. */
export const SIDES = ['host', 'partner'] as const;
export type Side = (typeof SIDES)[number];

/**
 * The fields both sides agree on. Editing one clears both agreement marks; after adoption they change
 * only through a change request.
 */
export const AGREED_FIELDS = ['title', 'content', 'category', 'leadUnitId', 'coUnitIds', 'deadline', 'ongoing', 'fundingWan'] as const;
export type AgreedField = (typeof AGREED_FIELDS)[number];

/** Fields a version keeps and a comparison reports, in the order the UI shows them. */
export const COMPARED_FIELDS = ['title', 'content', 'category', 'domain', 'leadUnit', 'coUnits', 'responsible', 'deadline', 'ongoing', 'fundingWan'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export { zAgreement, zAgreementMark, type Agreement, type AgreementMark } from './agreement.js';
import type { Agreement } from './agreement.js';

export const zAgreementInput = z.strictObject({
  agreed: z.boolean(),
  note: z.string().trim().max(500).default(''),
});

export function agreedByBoth(a: Agreement | null | undefined): boolean {
  return Boolean(a?.host?.agreed && a?.partner?.agreed);
}

export const zVersionCreate = z.strictObject({
  label: z.string().trim().min(1).max(LIMITS.nameMax),
});

export const VERSION_KINDS = ['manual', 'adopted'] as const;

export const zVersion = z.object({
  id: z.number(),
  label: z.string(),
  kind: z.enum(VERSION_KINDS),
  itemCount: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ListVersion = z.infer<typeof zVersion>;

/** One item as a version keeps it. */
export const zSnapshotItem = z.object({
  id: z.number(),
  title: z.string(),
  content: z.string(),
  category: z.enum(CATEGORIES),
  domain: z.string(),
  leadUnit: z.string().nullable(),
  coUnits: z.array(z.string()),
  responsible: z.string(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  fundingWan: z.number().nullable(),
  sortOrder: z.number(),
});
export type SnapshotItem = z.infer<typeof zSnapshotItem>;

export const zCompareQuery = z.strictObject({
  from: zId,
  to: z.union([z.literal('current'), zId]),
});

export const zFieldChange = z.object({ field: z.enum(COMPARED_FIELDS), from: z.unknown(), to: z.unknown() });

export const zComparison = z.object({
  from: z.object({ id: z.number(), label: z.string(), createdAt: z.string() }),
  to: z.object({ id: z.number().nullable(), label: z.string(), createdAt: z.string().nullable() }),
  added: z.array(zSnapshotItem),
  removed: z.array(zSnapshotItem),
  changed: z.array(z.object({ before: zSnapshotItem, after: zSnapshotItem, fields: z.array(zFieldChange) })),
  unchanged: z.number(),
});
export type Comparison = z.infer<typeof zComparison>;

/** Compares two snapshots item by item (matched by item id), field by field. */
export function compareSnapshots(from: SnapshotItem[], to: SnapshotItem[]): Pick<Comparison, 'added' | 'removed' | 'changed' | 'unchanged'> {
  const before = new Map(from.map((i) => [i.id, i]));
  const after = new Map(to.map((i) => [i.id, i]));
  const added = to.filter((i) => !before.has(i.id));
  const removed = from.filter((i) => !after.has(i.id));
  const changed: Comparison['changed'] = [];
  let unchanged = 0;
  for (const a of to) {
    const b = before.get(a.id);
    if (!b) continue;
    const fields = COMPARED_FIELDS.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f])).map((f) => ({ field: f, from: b[f], to: a[f] }));
    if (fields.length) changed.push({ before: b, after: a, fields });
    else unchanged++;
  }
  return { added, removed, changed, unchanged };
}

export const zAdoptionState = z.object({
  host: z.object({ by: z.string(), at: z.string() }).nullable(),
  partner: z.object({ by: z.string(), at: z.string() }).nullable(),
  adopted: z.boolean(),
  status: z.string(),
  /** Items not yet agreed by both sides; adoption waits for them. */
  pendingItems: z.number(),
  agreedVersionId: z.number().nullable(),
});
export type AdoptionState = z.infer<typeof zAdoptionState>;
