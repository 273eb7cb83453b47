import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code.

/*
 * PostgreSQL: a sequence every instance advances after each write it commits, and reads before it sends
 * an answer it kept (server/platform/data-changes.ts). A sequence, not a row: advancing it takes no lock
 * and is seen by every session at once, whatever transaction is open. SQLite keeps the count in the
 * process and needs nothing here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create sequence if not exists huishang_changes`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop sequence if exists huishang_changes`.execute(db);
}
