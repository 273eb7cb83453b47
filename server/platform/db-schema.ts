import type { Generated } from 'kysely';
import type { ConsultationStatus } from '../../domain/consultations.js';
import type { Category, ItemStatus } from '../../domain/items.js';
import type { NeedStatus } from '../../domain/needs.js';
import type { OrgKind } from '../../domain/organisations.js';
import type { ProjectStatus } from '../../domain/projects.js';
import type { Role } from '../../domain/roles.js';
import type { Light } from '../../domain/supervision.js';
import type {
  ItemMilestonesTable,
  ProgressReportsTable,
  ProgressReportRoundsTable,
  ReportContributionsTable,
  SupervisionNoticesTable,
  CompletionRequestsTable,
  DomainEventsTable,
  JobsTable,
  JobRunsTable,
  NotificationsTable,
  DeliveriesTable,
  RemindersTable,
  OrgWebhooksTable,
  LedgerImportsTable,
} from './db-schema.supervision.js';

export type * from './db-schema.supervision.js';
import type { AnnouncementsTable, AnnouncementOrgsTable, AnnouncementRecipientsTable } from './db-schema.announcements.js';
import type { SearchEntriesTable } from './db-schema.search.js';
import type { ItemDomainTalliesTable, ItemPunctualityTalliesTable, ItemTalliesTable } from './db-schema.tallies.js';
import type { ApiTokensTable, AuditChainTable, AuditLogTable, LoginLogTable, PasswordHistoryTable, RecoveryCodesTable, SessionsTable } from './db-schema.security.js';
export type * from './db-schema.security.js';

export type * from './db-schema.announcements.js';
import type { ConsultationPublicationsTable } from './db-schema.publications.js';
export type * from './db-schema.publications.js';
import type { SavedFiltersTable } from './db-schema.saved-filters.js';

export type * from './db-schema.saved-filters.js';
import type {
  IndicatorsTable,
  IndicatorSheetsTable,
  IndicatorValuesTable,
  IndicatorValueHistoryTable,
  IndicatorTargetsTable,
  IndicatorWeightsTable,
  IndicatorSettingsTable,
} from './db-schema.indicators.js';
export type * from './db-schema.indicators.js';

/** Table shapes as Kysely sees them. Timestamps are ISO-8601 UTC text on both databases. */
export interface OrganisationsTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  short_name: string | null;
  kind: OrgKind;
  division_code: string | null;
  path: string;
  sort_order: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  org_id: number;
  password_hash: string;
  status: string;
  /** Sealed (field-crypto.ts), with a blind index each for lookups by value. */
  phone: string | null;
  email: string | null;
  phone_index: string | null;
  email_index: string | null;
  failed_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  /** 1 while the password is one someone else set (reset, new account): the session may only change it. */
  must_change_password: Generated<number>;
  /** The TOTP secret, sealed (field-crypto.ts); null while two-factor login is off. */
  totp_secret: string | null;
  /** A secret being enrolled: it becomes totp_secret once a first code proves the app holds it. */
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** The last TOTP step accepted: a code of that step or earlier is a replay. */
  totp_last_step: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: number;
  role: Role;
  org_id: number;
}

export interface DictItemsTable {
  id: Generated<number>;
  dict_type: string;
  value: string;
  label: string;
  sort_order: number;
  enabled: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ConsultationsTable {
  id: Generated<number>;
  title: string;
  year: number;
  theme: string;
  status: ConsultationStatus;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  agreed_version_id: Generated<number | null>;
  adopted_on: Generated<string | null>;
  report_cycle: Generated<string>;
  report_due_days: Generated<number>;
  supervision_json: Generated<string | null>;
}

export interface ConsultationPartiesTable {
  consultation_id: number;
  org_id: number;
  side: 'host' | 'partner';
}

export interface ItemsTable {
  id: Generated<number>;
  consultation_id: number;
  title: string;
  content: string;
  category: Category;
  domain: string;
  lead_unit_id: number | null;
  responsible: string;
  deadline: string | null;
  ongoing: number;
  funding_yuan: number | null;
  status: ItemStatus;
  progress: number;
  sort_order: number;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  light: Generated<Light>;
  light_reasons_json: Generated<string>;
  closed_on: Generated<string | null>;
  progress_note: Generated<string | null>;
  /** The item one level up this one breaks down (上下联动); null for an item of its own. */
  parent_item_id: Generated<number | null>;
  /** Report punctuality as the light refresh last computed it (lights.service.ts); holds for days in [punct_from, punct_until). */
  punct_on_time: Generated<number>;
  punct_late: Generated<number>;
  punct_missing: Generated<number>;
  punct_pending: Generated<number>;
  /** The current reporting period's slot: its period, state and due day; null when the item owes none for it. */
  punct_period: Generated<string | null>;
  punct_state: Generated<string | null>;
  punct_due: Generated<string | null>;
  punct_from: Generated<string | null>;
  punct_until: Generated<string | null>;
  /** The consultation settings the values were computed from; a change makes them stale. */
  punct_basis: Generated<string | null>;
  /** The item's closing day ('u': closed without one, '': open) they were computed with. */
  punct_closed: Generated<string | null>;
}

export interface ItemCoUnitsTable {
  item_id: number;
  org_id: number;
  sort_order: number;
}

export interface ItemAgreementsTable {
  item_id: number;
  side: 'host' | 'partner';
  agreed: number;
  note: string;
  user_id: number;
  at: string;
}

export interface ListVersionsTable {
  id: Generated<number>;
  consultation_id: number;
  label: string;
  kind: 'manual' | 'adopted';
  item_count: number;
  snapshot_json: string;
  created_by: number;
  created_at: string;
}

export interface AdoptionConfirmationsTable {
  consultation_id: number;
  side: 'host' | 'partner';
  user_id: number;
  at: string;
}

export interface ItemCommentsTable {
  id: Generated<number>;
  item_id: number;
  parent_id: number | null;
  body: string;
  author_id: number;
  author_org_id: number;
  side: 'host' | 'partner' | null;
  created_at: string;
  deleted_at: string | null;
}

export interface AttachmentsTable {
  id: Generated<number>;
  owner_type: string;
  owner_id: number;
  filename: string;
  mime: string;
  size: number;
  sm3: string;
  storage_key: string;
  uploaded_by: number;
  created_at: string;
}

export interface ChangeRequestsTable {
  id: Generated<number>;
  consultation_id: number;
  /** The item changed; for kind `add`, the item created once approved. */
  item_id: number | null;
  kind: 'modify' | 'extend' | 'add' | 'cancel';
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  reason: string;
  /** The proposal to apply (ids, as the API takes them). */
  proposed_json: string;
  /** The proposal to show (field by field, units by name). */
  changes_json: string;
  side: 'host' | 'partner';
  created_by: number;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
  version: number;
}

export interface NeedsTable {
  id: Generated<number>;
  consultation_id: number;
  title: string;
  description: string;
  domain: string;
  urgency: string;
  suggested_category: string | null;
  status: NeedStatus;
  triage_reason: string | null;
  merged_into_id: number | null;
  item_id: number | null;
  submitted_by: number;
  submitter_org_id: number;
  triaged_by: number | null;
  triaged_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectsTable {
  id: Generated<number>;
  host_org_id: number;
  name: string;
  type: string;
  summary: string;
  undertakers_json: string;
  fiscal_yuan: number;
  self_raised_yuan: number;
  start_date: string;
  end_date: string;
  milestones_json: string;
  outcomes_json: string;
  status: ProjectStatus;
  version: number;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectItemsTable {
  project_id: number;
  item_id: number;
}

export interface ProgrammesTable {
  id: Generated<number>;
  host_org_id: number;
  year: number;
  name: string;
  description: string;
  sort_order: number;
  version: number;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface ProgrammeItemsTable {
  item_id: number;
  programme_id: number;
  weight: number;
}

export interface MeetingsTable {
  id: Generated<number>;
  consultation_id: number;
  held_on: string;
  venue: string;
  attendees_json: string;
  agenda: string;
  minutes_html: string;
  created_by: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_log: LoginLogTable;
  recovery_codes: RecoveryCodesTable;
  password_history: PasswordHistoryTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  dict_items: DictItemsTable;
  settings: SettingsTable;
  consultations: ConsultationsTable;
  consultation_parties: ConsultationPartiesTable;
  items: ItemsTable;
  item_tallies: ItemTalliesTable;
  item_domain_tallies: ItemDomainTalliesTable;
  item_punctuality_tallies: ItemPunctualityTalliesTable;
  item_co_units: ItemCoUnitsTable;
  item_agreements: ItemAgreementsTable;
  list_versions: ListVersionsTable;
  adoption_confirmations: AdoptionConfirmationsTable;
  item_comments: ItemCommentsTable;
  attachments: AttachmentsTable;
  needs: NeedsTable;
  projects: ProjectsTable;
  project_items: ProjectItemsTable;
  programmes: ProgrammesTable;
  programme_items: ProgrammeItemsTable;
  change_requests: ChangeRequestsTable;
  meetings: MeetingsTable;
  item_milestones: ItemMilestonesTable;
  progress_reports: ProgressReportsTable;
  progress_report_rounds: ProgressReportRoundsTable;
  report_contributions: ReportContributionsTable;
  supervision_notices: SupervisionNoticesTable;
  completion_requests: CompletionRequestsTable;
  domain_events: DomainEventsTable;
  jobs: JobsTable;
  job_runs: JobRunsTable;
  notifications: NotificationsTable;
  ledger_imports: LedgerImportsTable;
  deliveries: DeliveriesTable;
  reminders: RemindersTable;
  org_webhooks: OrgWebhooksTable;
  indicators: IndicatorsTable;
  indicator_sheets: IndicatorSheetsTable;
  indicator_values: IndicatorValuesTable;
  indicator_value_history: IndicatorValueHistoryTable;
  indicator_targets: IndicatorTargetsTable;
  indicator_weights: IndicatorWeightsTable;
  indicator_settings: IndicatorSettingsTable;
  announcements: AnnouncementsTable;
  consultation_publications: ConsultationPublicationsTable;
  announcement_orgs: AnnouncementOrgsTable;
  announcement_recipients: AnnouncementRecipientsTable;
  search_entries: SearchEntriesTable;
  saved_filters: SavedFiltersTable;
  assessment_weights: AssessmentWeightsTable;
}

/** 考评 weights of one bureau (the host organisation); no row means the defaults. */
export interface AssessmentWeightsTable {
  org_id: number;
  on_time_reports: number;
  completed_on_time: number;
  answered_notices: number;
  red_light_day: number;
  returned_report: number;
  version: number;
  updated_by: number;
  updated_at: string;
}
