import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 常用筛选: a person's named filter sets of a consultation's 清单 or of the supervision board.
 * A shared one is offered to the people of the owner's organisation, hence the index on org_id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = db.schema.createTable('saved_filters');
  await (isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('page', 'varchar(12)', (c) => c.notNull())
    .addColumn('consultation_id', 'integer', (c) => c.references('consultations.id').onDelete('cascade'))
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('filters_json', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_filters_owner').on('saved_filters').columns(['owner_id', 'page']).execute();
  await db.schema.createIndex('saved_filters_org').on('saved_filters').columns(['org_id', 'page', 'shared']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_filters').execute();
}
