import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 考评: the weights each bureau (the host organisation of its consultations) sets for scoring its
 * lead units — one row per organisation, none until it changes the defaults. Red-light days are
 * rebuilt from the 'item.light_changed' events per item, which the index below serves.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const real = isPg(db) ? 'double precision' : 'real';
  await db.schema
    .createTable('assessment_weights')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('on_time_reports', real as 'real', (c) => c.notNull())
    .addColumn('completed_on_time', real as 'real', (c) => c.notNull())
    .addColumn('answered_notices', real as 'real', (c) => c.notNull())
    .addColumn('red_light_day', real as 'real', (c) => c.notNull())
    .addColumn('returned_report', real as 'real', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domain_events_item_type').on('domain_events').columns(['item_id', 'type', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('domain_events_item_type').execute();
  await db.schema.dropTable('assessment_weights').execute();
}
