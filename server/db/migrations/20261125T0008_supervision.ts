import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function table(db: Kysely<any>, name: string) {
  const t = db.schema.createTable(name);
  return isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  // Reporting cycle and supervision thresholds live on the consultation (defaults in domain/).
  await db.schema.alterTable('consultations').addColumn('adopted_on', 'varchar(10)').execute();
  await db.schema
    .alterTable('consultations')
    .addColumn('report_cycle', 'varchar(20)', (c) => c.notNull().defaultTo('quarterly'))
    .execute();
  await db.schema
    .alterTable('consultations')
    .addColumn('report_due_days', 'integer', (c) => c.notNull().defaultTo(10))
    .execute();
  // JSON of the light thresholds and reminder offsets; null means the defaults.
  await db.schema.alterTable('consultations').addColumn('supervision_json', 'text').execute();
  await sql`update consultations set adopted_on = (
      select substr(v.created_at, 1, 10) from list_versions v where v.id = consultations.agreed_version_id)
    where agreed_version_id is not null`.execute(db);

  // The light is computed by domain/lights.ts and stored so lists can filter and count by it.
  await db.schema
    .alterTable('items')
    .addColumn('light', 'varchar(10)', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema
    .alterTable('items')
    .addColumn('light_reasons_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('items').addColumn('closed_on', 'varchar(10)').execute();
  await db.schema.createIndex('items_consultation_light').on('items').columns(['consultation_id', 'light', 'id']).execute();

  await table(db, 'item_milestones')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('done_on', 'varchar(10)')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_milestones_item').on('item_milestones').columns(['item_id', 'due_on']).execute();

  // One report per item and period; every submission/review round is kept in progress_report_rounds.
  await table(db, 'progress_reports')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('period', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('progress_html', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('next_steps', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('author_org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('submitted_at', 'varchar(30)', (c) => c.notNull())
    // The first submission's time decides whether the report was on time.
    .addColumn('first_submitted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'varchar(30)')
    .addColumn('review_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('progress_reports_item_period', ['item_id', 'period'])
    .execute();
  await db.schema.createIndex('progress_reports_period').on('progress_reports').columns(['period', 'status']).execute();

  await table(db, 'progress_report_rounds')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('progress_reports.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    // The report as submitted in this round: { progressHtml, percent, problems, nextSteps }.
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decision', 'varchar(20)')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'varchar(30)')
    .addUniqueConstraint('progress_report_rounds_round', ['report_id', 'round'])
    .execute();

  await table(db, 'report_contributions')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('progress_reports.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('report_contributions_org', ['report_id', 'org_id'])
    .execute();

  // 督办单: numbered per host organisation and year when signed (广科督〔2025〕3号).
  await table(db, 'supervision_notices')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('host_org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requirements', 'text', (c) => c.notNull())
    .addColumn('response_due', 'varchar(10)', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('seq', 'integer')
    .addColumn('drafted_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('signed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('signed_at', 'varchar(30)')
    .addColumn('signature_note', 'text')
    .addColumn('response_text', 'text')
    .addColumn('responded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('responded_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('supervision_notices_number', ['host_org_id', 'year', 'seq'])
    .execute();
  await db.schema.createIndex('supervision_notices_item').on('supervision_notices').columns(['item_id', 'id']).execute();

  // 办结申请: the lead unit asks, the host verifies and closes or returns.
  await table(db, 'completion_requests')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'varchar(30)')
    .addColumn('review_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('completion_requests_item').on('completion_requests').columns(['item_id', 'id']).execute();

  // Transactional outbox: written in the same transaction as the change, consumed by the job runner.
  await table(db, 'domain_events')
    .addColumn('type', 'varchar(60)', (c) => c.notNull())
    .addColumn('consultation_id', 'integer')
    .addColumn('item_id', 'integer')
    .addColumn('entity_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('actor_id', 'integer')
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('processed_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('domain_events_pending').on('domain_events').columns(['processed_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['domain_events', 'completion_requests', 'supervision_notices', 'report_contributions', 'progress_report_rounds', 'progress_reports', 'item_milestones']) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.dropIndex('items_consultation_light').execute();
  for (const c of ['closed_on', 'light_reasons_json', 'light']) await db.schema.alterTable('items').dropColumn(c).execute();
  for (const c of ['supervision_json', 'report_due_days', 'report_cycle', 'adopted_on']) await db.schema.alterTable('consultations').dropColumn(c).execute();
}
