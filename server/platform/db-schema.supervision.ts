import type { Generated } from 'kysely';

// The tables of supervision, notifications and ledger imports (issue-4/5 era), kept apart to keep each file short.

export interface ItemMilestonesTable {
  id: Generated<number>;
  item_id: number;
  title: string;
  due_on: string;
  done_on: string | null;
  sort_order: number;
  version: number;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface ProgressReportsTable {
  id: Generated<number>;
  item_id: number;
  period: string;
  status: string;
  round: number;
  progress_html: string;
  percent: number;
  problems: string;
  next_steps: string;
  author_id: number;
  author_org_id: number;
  submitted_at: string;
  first_submitted_at: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProgressReportRoundsTable {
  id: Generated<number>;
  report_id: number;
  round: number;
  snapshot_json: string;
  submitted_by: number;
  submitted_at: string;
  decision: string | null;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: string | null;
}

export interface ReportContributionsTable {
  id: Generated<number>;
  report_id: number;
  org_id: number;
  author_id: number;
  text: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SupervisionNoticesTable {
  id: Generated<number>;
  item_id: number;
  host_org_id: number;
  status: string;
  reason: string;
  requirements: string;
  response_due: string;
  year: number | null;
  seq: number | null;
  drafted_by: number;
  signed_by: number | null;
  signed_at: string | null;
  signature_note: string | null;
  response_text: string | null;
  responded_by: number | null;
  responded_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CompletionRequestsTable {
  id: Generated<number>;
  item_id: number;
  status: string;
  summary: string;
  requested_by: number;
  requested_at: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_note: string | null;
  version: number;
}

export interface DomainEventsTable {
  id: Generated<number>;
  type: string;
  consultation_id: number | null;
  item_id: number | null;
  entity_type: string;
  entity_id: number | null;
  actor_id: number | null;
  data_json: string;
  created_at: string;
  processed_at: string | null;
}

export interface JobsTable {
  name: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_day: string | null;
  last_run_at: string | null;
  last_error: string | null;
  paused: Generated<number>;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  started_at: string;
  finished_at: string;
  trigger: 'timer' | 'manual';
  instance: string;
  done: number | null;
  error: string | null;
  user_id: number | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  event_id: number | null;
  type: string;
  title: string;
  body: string;
  consultation_id: number | null;
  item_id: number | null;
  read_at: string | null;
  created_at: string;
}

export interface DeliveriesTable {
  id: Generated<number>;
  channel: string;
  /** E-mail: the address, sealed; a robot: the organisation's id. */
  target: string;
  /** E-mail: whom it is for (the outbox is scoped by it). */
  user_id: number | null;
  event_id: number | null;
  subject: string;
  body: string;
  dedupe_key: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface RemindersTable {
  id: Generated<number>;
  item_id: number;
  kind: string;
  period: string | null;
  due_on: string | null;
  note: string;
  sent_by: number | null;
  recipients_json: string;
  dedupe_key: string | null;
  created_at: string;
}

/** The URLs carry the robot's access token: all three are sealed (field-crypto.ts). */
export interface OrgWebhooksTable {
  org_id: number;
  wecom_url: string | null;
  dingtalk_url: string | null;
  dingtalk_secret: string | null;
  version: number;
  updated_by: number | null;
  updated_at: string;
}

export interface LedgerImportsTable {
  id: Generated<number>;
  consultation_id: number;
  filename: string;
  grids_json: string;
  sheet: string;
  status: 'preview' | 'committed';
  created_by: number;
  created_at: string;
  committed_at: string | null;
}
