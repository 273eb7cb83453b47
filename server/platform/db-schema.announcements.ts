import type { Generated } from 'kysely';
import type { AnnouncementKind, AnnouncementStatus } from '../../domain/announcements.js';

// 通知公告's tables, kept apart to keep each schema file short.

export interface AnnouncementsTable {
  id: Generated<number>;
  kind: AnnouncementKind;
  title: string;
  body: string;
  pinned: number;
  status: AnnouncementStatus;
  org_id: number;
  author_id: number;
  /** JSON array of roles; empty: any role. */
  audience_roles: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  withdrawn_at: string | null;
  version: number;
}

export interface AnnouncementOrgsTable {
  announcement_id: number;
  org_id: number;
}

export interface AnnouncementRecipientsTable {
  announcement_id: number;
  user_id: number;
  read_at: string | null;
}
