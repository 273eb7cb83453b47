import { z } from 'zod';
import { LIMITS, zDate, zId, zOrgRef, zPageQuery, zRefId } from './common.js';
import { CATEGORIES } from './items.js';
import { zLightReason } from './lights.js';
import { LIGHTS } from './supervision.js';

export const PROJECT_TYPES = ['rd', 'demonstration', 'platform', 'transfer', 'talent', 'other'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const PROJECT_STATUSES = ['proposed', 'approved', 'in_progress', 'completed', 'terminated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Outcome figures a project promises and reports; `revenue_wan` is in 万元, the rest are counts. */
export const OUTCOME_KINDS = ['patents', 'new_products', 'new_techniques', 'standards', 'revenue_wan', 'jobs'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const PROJECT_LIMITS = { undertakersMax: 10, milestonesMax: 30, itemsMax: 100, figureMax: 100_000_000 } as const;

/** 万元 with at most four decimals (one 元), as items carry it. */
const zWan = z
  .number()
  .min(0)
  .max(LIMITS.fundingWanMax)
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, '资金最多精确到 0.0001 万元（1 元）');

export const zMilestone = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMax),
  due: zDate,
  done: z.boolean(),
});
export type Milestone = z.infer<typeof zMilestone>;

const zFigure = z.number().min(0).max(PROJECT_LIMITS.figureMax);

export const zOutcome = z.strictObject({
  kind: z.enum(OUTCOME_KINDS),
  target: zFigure,
  actual: zFigure.nullable(),
});
export type Outcome = z.infer<typeof zOutcome>;

const projectFields = {
  name: z.string().trim().min(1).max(LIMITS.titleMax),
  type: z.enum(PROJECT_TYPES),
  summary: z.string().trim().max(LIMITS.contentMax),
  undertakers: z.array(z.string().trim().min(1).max(LIMITS.nameMax)).min(1, '至少填写一个承担单位').max(PROJECT_LIMITS.undertakersMax),
  fiscalWan: zWan,
  selfRaisedWan: zWan,
  startDate: zDate,
  endDate: zDate,
  milestones: z.array(zMilestone).max(PROJECT_LIMITS.milestonesMax),
  outcomes: z.array(zOutcome).max(OUTCOME_KINDS.length),
  status: z.enum(PROJECT_STATUSES),
};

type Checked = { startDate?: string; endDate?: string; outcomes?: Outcome[] };

/** Cross-field rules shared by create and patch: a period that runs forward, one figure per kind. */
function checkProject(v: Checked, ctx: z.RefinementCtx) {
  if (v.startDate && v.endDate && v.endDate < v.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: '结束日期不能早于开始日期' });
  }
  if (v.outcomes) {
    const kinds = v.outcomes.map((o) => o.kind);
    if (new Set(kinds).size !== kinds.length) ctx.addIssue({ code: 'custom', path: ['outcomes'], message: '同一类成果指标只能填写一次' });
  }
}

export const zProjectCreate = z
  .strictObject({
    ...projectFields,
    summary: projectFields.summary.default(''),
    milestones: projectFields.milestones.default([]),
    outcomes: projectFields.outcomes.default([]),
    status: projectFields.status.default('proposed'),
    /** The host organisation the project belongs to; the caller's own by default. */
    hostOrgId: zRefId.optional(),
  })
  .superRefine(checkProject);
export type ProjectCreate = z.input<typeof zProjectCreate>;
export type ProjectCreateData = z.output<typeof zProjectCreate>;

export const zProjectPatch = z
  .strictObject({ ...Object.fromEntries(Object.entries(projectFields).map(([k, v]) => [k, v.optional()])), version: zRefId } as {
    [K in keyof typeof projectFields]: z.ZodOptional<(typeof projectFields)[K]>;
  } & { version: z.ZodNumber })
  .superRefine(checkProject);
export type ProjectPatch = z.infer<typeof zProjectPatch>;

export const zProjectItemsPut = z.strictObject({
  itemIds: z.array(zRefId).max(PROJECT_LIMITS.itemsMax),
  version: zRefId,
});

export const zLinkedItem = z.object({
  id: z.number(),
  title: z.string(),
  category: z.enum(CATEGORIES),
  consultationId: z.number(),
  progress: z.number(),
  status: z.string(),
  light: z.enum(LIGHTS),
  lightReasons: z.array(zLightReason),
});
export type LinkedItem = z.infer<typeof zLinkedItem>;

export const zProject = z.object({
  id: z.number(),
  hostOrg: zOrgRef,
  name: z.string(),
  type: z.enum(PROJECT_TYPES),
  summary: z.string(),
  undertakers: z.array(z.string()),
  fiscalWan: z.number(),
  selfRaisedWan: z.number(),
  totalWan: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  milestones: z.array(zMilestone),
  outcomes: z.array(zOutcome),
  status: z.enum(PROJECT_STATUSES),
  /** Linked items the caller can see; items out of scope are left out. */
  items: z.array(zLinkedItem),
  canEdit: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof zProject>;

export const zProjectListQuery = z.strictObject({
  /** Only projects linked to an item of this consultation. */
  consultationId: zId.optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  ...zPageQuery,
});
export type ProjectListQuery = z.infer<typeof zProjectListQuery>;
