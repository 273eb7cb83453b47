import { z } from 'zod';
import { decimal, LIMITS, zId, zOrgRef, zRefId } from './common.js';
import { zLinkedItem } from './projects.js';

export const PROGRAMME_LIMITS = { weightMax: 100, yearMin: 2000, yearMax: 2100 } as const;

export interface WeightedProgress {
  progress: number;
  weight: number;
  /** Cancelled items no longer count toward the programme. */
  cancelled?: boolean;
}

/**
 * Programme progress rolled up from its items: the weighted mean of their percentages, rounded to
 * a whole percent; equal weights give the plain mean. No counted item (or only zero weights) is 0.
 */
export function rollUpProgress(items: readonly WeightedProgress[]): number {
  let sum = 0;
  let weights = 0;
  for (const it of items) {
    if (it.cancelled || it.weight <= 0) continue;
    sum += Math.min(100, Math.max(0, it.progress)) * it.weight;
    weights += it.weight;
  }
  return weights === 0 ? 0 : Math.round(sum / weights);
}

export const zProgrammeCreate = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.titleMax),
  year: z.number().int().min(PROGRAMME_LIMITS.yearMin).max(PROGRAMME_LIMITS.yearMax),
  description: z.string().trim().max(LIMITS.contentMax).default(''),
  hostOrgId: zRefId.optional(),
});
export type ProgrammeCreate = z.input<typeof zProgrammeCreate>;

export const zProgrammeAssign = z.strictObject({
  programmeId: zRefId.nullable(),
  weight: z.number().int().min(1).max(PROGRAMME_LIMITS.weightMax).default(1),
  /** The programme the caller saw the item in (null: none); a different one now answers 409. */
  fromProgrammeId: zRefId.nullable().optional(),
});
export type ProgrammeAssign = z.input<typeof zProgrammeAssign>;

export const zProgrammeItem = zLinkedItem.extend({ weight: z.number() });
export type ProgrammeItem = z.infer<typeof zProgrammeItem>;

export const zProgramme = z.object({
  id: z.number(),
  hostOrg: zOrgRef,
  name: z.string(),
  year: z.number(),
  description: z.string(),
  /** Rolled up from `items` (the items the caller can see, or those of the requested consultation). */
  progress: z.number(),
  items: z.array(zProgrammeItem),
  canEdit: z.boolean(),
  version: z.number(),
});
export type Programme = z.infer<typeof zProgramme>;

export const zProgrammeListQuery = z.strictObject({
  year: decimal(z.number().int().min(PROGRAMME_LIMITS.yearMin).max(PROGRAMME_LIMITS.yearMax)).optional(),
  /** Only items of this consultation are listed and rolled up. */
  consultationId: zId.optional(),
});

export const zItemProgramme = z.object({
  itemId: z.number(),
  programmeId: z.number().nullable(),
  weight: z.number().nullable(),
  /** Whether the caller may move the item (into one of the programmes whose canEdit is true). */
  canChange: z.boolean(),
});
