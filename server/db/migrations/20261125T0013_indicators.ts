import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

const isPg = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

function table(db: Kysely<any>, name: string) {
  const t = db.schema.createTable(name);
  return isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const real = isPg(db) ? 'double precision' : 'real';
  // The catalogue: what a county reports, in which unit, and which way is better.
  await db.schema
    .createTable('indicators')
    .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('unit', 'varchar(20)', (c) => c.notNull())
    .addColumn('direction', 'varchar(4)', (c) => c.notNull())
    .addColumn('dimension', 'varchar(20)', (c) => c.notNull())
    .addColumn('source_dept', 'varchar(60)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('non_negative', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // One sheet per county and year, reviewed like a progress report.
  await table(db, 'indicator_sheets')
    .addColumn('county_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('return_reason', 'text')
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('indicator_sheets_county_year', ['county_id', 'year'])
    .execute();
  await table(db, 'indicator_values')
    .addColumn('sheet_id', 'integer', (c) => c.notNull().references('indicator_sheets.id').onDelete('cascade'))
    .addColumn('indicator_code', 'varchar(40)', (c) => c.notNull().references('indicators.code'))
    .addColumn('value', real as 'real')
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'integer', (c) => c.references('attachments.id'))
    .addColumn('entered_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('entered_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('indicator_values_sheet_code', ['sheet_id', 'indicator_code'])
    .execute();
  // Every figure ever entered, imported, submitted, accepted or returned: the value's full story.
  await table(db, 'indicator_value_history')
    .addColumn('sheet_id', 'integer', (c) => c.notNull().references('indicator_sheets.id').onDelete('cascade'))
    .addColumn('indicator_code', 'varchar(40)')
    .addColumn('value', real as 'real')
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('indicator_value_history_sheet').on('indicator_value_history').columns(['sheet_id', 'indicator_code']).execute();
  await table(db, 'indicator_targets')
    .addColumn('indicator_code', 'varchar(40)', (c) => c.notNull().references('indicators.code'))
    .addColumn('level', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_year', 'integer', (c) => c.notNull())
    .addColumn('threshold', real as 'real', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicator_targets_unique', ['indicator_code', 'level', 'from_year'])
    .execute();
  await db.schema
    .createTable('indicator_weights')
    .addColumn('indicator_code', 'varchar(40)', (c) => c.primaryKey().references('indicators.code'))
    .addColumn('weight', real as 'real', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('indicator_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('jump_pct', real as 'real', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('indicator_settings').values({ id: 1, jump_pct: 50, version: 1 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['indicator_settings', 'indicator_weights', 'indicator_targets', 'indicator_value_history', 'indicator_values', 'indicator_sheets', 'indicators']) {
    await db.schema.dropTable(t).execute();
  }
}
