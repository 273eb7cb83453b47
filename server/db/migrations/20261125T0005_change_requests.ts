import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const t = db.schema.createTable('change_requests');
  await (isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    // Null for a proposed new item until it is approved and created.
    .addColumn('item_id', 'integer', (c) => c.references('items.id'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('proposed_json', 'text', (c) => c.notNull())
    .addColumn('changes_json', 'text', (c) => c.notNull())
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // The consultation's tab lists newest first; the drawer lists one item's.
  await db.schema.createIndex('change_requests_consultation').on('change_requests').columns(['consultation_id', 'id']).execute();
  await db.schema.createIndex('change_requests_item').on('change_requests').columns(['item_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('change_requests').execute();
}
