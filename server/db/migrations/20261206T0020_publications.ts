import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

/**
 * 公开: whether the host has published a consultation on the public transparency page, and the
 * keywords it shows under. One row per consultation ever published; unpublishing keeps the row
 * (published_at null) so the keywords survive a later republish.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_publications')
    .addColumn('consultation_id', 'integer', (c) => c.primaryKey().references('consultations.id').onDelete('cascade'))
    .addColumn('published_at', 'varchar(30)')
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The public list reads only the published rows, newest first.
  await db.schema.createIndex('consultation_publications_published').on('consultation_publications').column('published_at').execute();
  // "Recent updates" reads the accepted reports newest decision first.
  await db.schema.createIndex('progress_reports_reviewed').on('progress_reports').columns(['status', 'reviewed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('progress_reports_reviewed').execute();
  await db.schema.dropTable('consultation_publications').execute();
}
