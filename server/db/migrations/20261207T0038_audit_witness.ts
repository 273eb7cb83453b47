import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

/**
 * Each audit row may name the head of the next lane as it stood when the row's lane was taken (its id
 * and link), covered by the row's own link. Lane heads carry no key, so cutting off a lane's last rows
 * and setting its head back went unnoticed; now a later row of the lane before it names a row that is
 * no longer there. Rows logged before stay as they are (no witness).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('witness_id', 'bigint').execute();
  await db.schema.alterTable('audit_log').addColumn('witness_hmac', 'text').execute();
  // PostgreSQL's guard compares whole rows, so it covers the new columns already; SQLite's names them.
  if (!isPostgres(db)) await sqliteGuard(db, [...COLUMNS, 'witness_id', 'witness_hmac']);
}

const COLUMNS = ['id', 'at', 'user_id', 'username', 'org_id', 'action', 'entity_type', 'entity_id', 'before_json', 'after_json', 'ip', 'request_id', 'chain_lane'];

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function sqliteGuard(db: Kysely<any>, columns: string[]) {
  const changed = columns.map((c) => `new.${c} is not old.${c}`).join(' or ');
  await sql`drop trigger if exists audit_log_no_update`.execute(db);
  await sql`create trigger audit_log_no_update before update on audit_log
    when old.chain_hmac is not null or ${sql.raw(changed)}
    begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sqliteGuard(db, COLUMNS);
  await db.schema.alterTable('audit_log').dropColumn('witness_hmac').execute();
  await db.schema.alterTable('audit_log').dropColumn('witness_id').execute();
}
