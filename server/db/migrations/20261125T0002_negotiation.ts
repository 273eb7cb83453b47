import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function table(db: Kysely<any>, name: string) {
  const t = db.schema.createTable(name);
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('item_agreements')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('agreed', 'integer', (c) => c.notNull())
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_agreements_pk', ['item_id', 'side'])
    .execute();

  await table(db, 'list_versions')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    // The whole list as it stood, so a version never changes when items do.
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_versions_consultation').on('list_versions').columns(['consultation_id', 'id']).execute();

  await db.schema
    .createTable('adoption_confirmations')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('adoption_confirmations_pk', ['consultation_id', 'side'])
    .execute();

  await db.schema.alterTable('consultations').addColumn('agreed_version_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consultations').dropColumn('agreed_version_id').execute();
  await db.schema.dropTable('adoption_confirmations').execute();
  await db.schema.dropTable('list_versions').execute();
  await db.schema.dropTable('item_agreements').execute();
}
