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
  await table(db, 'meetings')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('venue', 'varchar(200)', (c) => c.notNull())
    // [{ name, orgName, title }]: who attended, as written on the day.
    .addColumn('attendees_json', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    // Already sanitised when stored.
    .addColumn('minutes_html', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // The meetings tab lists a consultation's meetings by date.
  await db.schema.createIndex('meetings_consultation').on('meetings').columns(['consultation_id', 'held_on', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meetings').execute();
}
