import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function table(db: Kysely<any>, name: string) {
  const t = db.schema.createTable(name);
  return isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  await table(db, 'needs')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('domain', 'varchar(50)', (c) => c.notNull())
    .addColumn('urgency', 'varchar(20)', (c) => c.notNull())
    .addColumn('suggested_category', 'varchar(30)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('triage_reason', 'text')
    .addColumn('merged_into_id', 'integer', (c) => c.references('needs.id'))
    // The draft item the need became; one need makes at most one item.
    .addColumn('item_id', 'integer', (c) => c.references('items.id').unique())
    .addColumn('submitted_by', 'integer', (c) => c.notNull().references('users.id'))
    // The organisation at the time of submitting: people move, what they asked for whom does not.
    .addColumn('submitter_org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('triaged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('triaged_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // The needs tab lists a consultation's needs newest first, optionally by status.
  await db.schema.createIndex('needs_consultation').on('needs').columns(['consultation_id', 'id']).execute();
  await db.schema.createIndex('needs_consultation_status').on('needs').columns(['consultation_id', 'status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('needs').execute();
}
