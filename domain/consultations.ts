import { z } from 'zod';
import { decimal, LIMITS, zOrgRef, zPageQuery, zRefId } from './common.js';
import { CATEGORIES, ITEM_STATUSES } from './items.js';

export const CONSULTATION_STATUSES = ['draft', 'negotiating', 'adopted', 'implementing', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** The cycle moves forward one step at a time; negotiation may return to draft. */
const NEXT: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  draft: ['negotiating'],
  // Adoption happens through both coordinators' confirmations, never by a status edit.
  negotiating: ['draft'],
  adopted: ['implementing'],
  implementing: ['closed'],
  closed: [],
};
export function canMoveConsultation(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return from === to || NEXT[from].includes(to);
}
export function nextConsultationStatuses(from: ConsultationStatus): readonly ConsultationStatus[] {
  return NEXT[from];
}

/** Items may be created or deleted only before the list is adopted. */
export function listIsOpen(status: ConsultationStatus): boolean {
  return status === 'draft' || status === 'negotiating';
}

/** A live consultation: its list is adopted and in force, so items report, light up and get reminded. */
export const LIVE_CONSULTATION_STATUSES = ['adopted', 'implementing'] as const satisfies readonly ConsultationStatus[];
export function isLiveConsultation(status: string): boolean {
  return (LIVE_CONSULTATION_STATUSES as readonly string[]).includes(status);
}

/** Adopted at some point (live or since closed): agreed fields change only through a change request. */
export function listWasAdopted(status: string): boolean {
  return isLiveConsultation(status) || status === 'closed';
}

const zYear = z.number().int().min(2000).max(2100);

export const zConsultationCreate = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMax),
  year: zYear,
  theme: z.string().trim().max(LIMITS.themeMax).default(''),
  hostOrgId: zRefId.optional(),
  partnerOrgIds: z.array(zRefId).min(1).max(20),
});
export type ConsultationCreate = z.infer<typeof zConsultationCreate>;

export const zConsultationUpdate = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMax).optional(),
  year: zYear.optional(),
  theme: z.string().trim().max(LIMITS.themeMax).optional(),
  status: z.enum(CONSULTATION_STATUSES).optional(),
  partnerOrgIds: z.array(zRefId).min(1).max(20).optional(),
  version: zRefId,
});
export type ConsultationUpdate = z.infer<typeof zConsultationUpdate>;

export const zConsultationListQuery = z.strictObject({
  status: z.enum(CONSULTATION_STATUSES).optional(),
  year: decimal(z.number().int().min(2000).max(2100)).optional(),
  q: z.string().trim().max(100).optional(),
  ...zPageQuery,
});

const zCountMap = <T extends readonly [string, ...string[]]>(keys: T) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<T[number], z.ZodNumber>);

export const zConsultationCounts = z.object({
  total: z.number(),
  byCategory: zCountMap(CATEGORIES),
  byStatus: zCountMap(ITEM_STATUSES),
  byDomain: z.record(z.string(), z.number()),
  /** Items both sides have marked agreed. */
  agreed: z.object({ total: z.number(), byCategory: zCountMap(CATEGORIES) }),
});
export type ConsultationCounts = z.infer<typeof zConsultationCounts>;

/**
 * What the caller's roles and seat at the table allow in this consultation, decided by the server's
 * policies so the web never re-derives them from roles. The consultation's or an item's state may
 * still rule an action out (a closed consultation, an adopted list); the server then says why.
 */
export const zConsultationAbilities = z.object({
  /** Edit the consultation and move it through its statuses (the host's coordinator). */
  update: z.boolean(),
  /** Edit, import and negotiate the list, file and decide change requests: the coordinator of the caller's side. */
  editItems: z.boolean(),
  /** Speak in item discussions (a business role sitting at the table). */
  comment: z.boolean(),
  submitNeeds: z.boolean(),
  triageNeeds: z.boolean(),
  writeMeetings: z.boolean(),
  configureSupervision: z.boolean(),
  remind: z.boolean(),
  /** File change requests of an adopted list (a side's coordinator, until the consultation closes). */
  fileChangeRequests: z.boolean(),
  /** Save a named version of the list (a side's coordinator, until the consultation closes). */
  saveVersions: z.boolean(),
});
export type ConsultationAbilities = z.infer<typeof zConsultationAbilities>;

export const zConsultation = z.object({
  id: z.number(),
  title: z.string(),
  year: z.number(),
  theme: z.string(),
  status: z.enum(CONSULTATION_STATUSES),
  hostOrg: zOrgRef,
  partnerOrgs: z.array(zOrgRef),
  /** Which side the caller stands on, if any; decides what the UI offers. */
  mySide: z.enum(['host', 'partner']).nullable(),
  can: zConsultationAbilities,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Consultation = z.infer<typeof zConsultation>;

export const zConsultationDetail = zConsultation.extend({ counts: zConsultationCounts });
export type ConsultationDetail = z.infer<typeof zConsultationDetail>;
