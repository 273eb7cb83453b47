import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const t = db.schema.createTable('ledger_imports');
  await (isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    // The cell grids of every sheet as read at upload: the preview and the commit re-parse them with the
    // user's mapping, so the file itself is never kept.
    .addColumn('grids_json', 'text', (c) => c.notNull())
    .addColumn('sheet', 'varchar(100)', (c) => c.notNull())
    // 'preview' until committed; a committed import cannot be committed again.
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('committed_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('ledger_imports_consultation').on('ledger_imports').columns(['consultation_id', 'id']).execute();
  // What the ledger's 进展情况 column said, for items whose progress has not yet been reported in the system.
  await db.schema.alterTable('items').addColumn('progress_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('progress_note').execute();
  await db.schema.dropTable('ledger_imports').execute();
}
