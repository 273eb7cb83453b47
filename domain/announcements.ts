import { z } from 'zod';
import { LIMITS, zOrgRef, zPageQuery, zRefId } from './common.js';
import { ROLES } from './roles.js';

/**
 * 通知公告: a notice from an office to the people of its jurisdiction (辖区) — the bureau to the
 * counties, a county to its departments, the system administrator about the system. Drafted,
 * published to chosen organisations and roles, read with a receipt, withdrawn when it no longer holds.
 */
export const ANNOUNCEMENT_KINDS = ['notice', 'bulletin'] as const;
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number];
export const ANNOUNCEMENT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

export const ANNOUNCEMENT_BODY_MAX = 20_000;
export const ANNOUNCEMENT_AUDIENCE_ORGS_MAX = 50;

export const zAnnouncementInput = z.strictObject({
  kind: z.enum(ANNOUNCEMENT_KINDS),
  title: z.string().trim().min(1, '请填写标题').max(LIMITS.titleMax),
  body: z.string().trim().min(1, '请填写正文').max(ANNOUNCEMENT_BODY_MAX),
  /** Shown above the others until withdrawn. */
  pinned: z.boolean(),
  /**
   * Who receives it: everyone at or below these organisations (none: the whole jurisdiction) who
   * holds one of these roles (none: any role).
   */
  orgIds: z.array(zRefId).max(ANNOUNCEMENT_AUDIENCE_ORGS_MAX),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
});
export type AnnouncementInput = z.infer<typeof zAnnouncementInput>;
export const zAnnouncementUpdate = zAnnouncementInput.extend({ version: zRefId });

export const zAnnouncement = z.object({
  id: z.number(),
  kind: z.enum(ANNOUNCEMENT_KINDS),
  title: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  status: z.enum(ANNOUNCEMENT_STATUSES),
  /** The office it is from (the author's organisation). */
  org: zOrgRef,
  author: z.object({ id: z.number(), name: z.string() }),
  audience: z.object({ orgs: z.array(zOrgRef), roles: z.array(z.enum(ROLES)) }),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  version: z.number(),
  /** The caller is among those it reached. */
  received: z.boolean(),
  /** For a recipient: when the caller read it (null: unread, or not a recipient). */
  readAt: z.string().nullable(),
  /** For the office: how many received it and how many have read it (null for a draft or a recipient). */
  receipts: z.object({ recipients: z.number(), read: z.number() }).nullable(),
  can: z.object({ edit: z.boolean(), publish: z.boolean(), withdraw: z.boolean(), delete: z.boolean(), receipts: z.boolean() }),
});
export type Announcement = z.infer<typeof zAnnouncement>;

/** inbox: published and addressed to me; office: drafted or published by my office. */
export const zAnnouncementListQuery = z.strictObject({
  box: z.enum(['inbox', 'office']).default('inbox'),
  unread: z.enum(['true']).optional(),
  status: z.enum(ANNOUNCEMENT_STATUSES).optional(),
  ...zPageQuery,
});

export const zAnnouncementList = z.object({ data: z.array(zAnnouncement), nextCursor: z.string().nullable(), unreadCount: z.number() });

export const zAnnouncementReceipt = z.object({
  userId: z.number(),
  displayName: z.string(),
  org: zOrgRef,
  readAt: z.string().nullable(),
});
export type AnnouncementReceipt = z.infer<typeof zAnnouncementReceipt>;
export const zAnnouncementReceiptQuery = z.strictObject({ unread: z.enum(['true']).optional() });

/** Where the office may address a notice: its jurisdiction's organisations, as a tree's flat rows. */
export const zAnnouncementAudienceOrg = z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable(), kind: z.string() });
