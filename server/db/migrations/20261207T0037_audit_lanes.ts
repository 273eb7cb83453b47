import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

/** Lanes of the audit chain; ids 1..LANES of audit_chain. Lane 1 is the chain as it stood. */
const LANES = 8;

/**
 * The audit chain becomes several chains (lanes), each with its own head in `audit_chain`, and every
 * audit row names its lane. One head meant one lock that every audited write of every instance held
 * from reading the head to its commit, the disk flush included, so writes committed one at a time.
 * The rows logged so far stay in lane 1, linked as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('chain_lane', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db
    .insertInto('audit_chain')
    .values(Array.from({ length: LANES - 1 }, (_, i) => ({ id: i + 2, purged: 0, purging: 0 })))
    .execute();
  // PostgreSQL's guard compares whole rows, so it covers the new column already; SQLite's names them.
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sqliteGuard(db, [...COLUMNS, 'chain_lane']);
}

const COLUMNS = ['id', 'at', 'user_id', 'username', 'org_id', 'action', 'entity_type', 'entity_id', 'before_json', 'after_json', 'ip', 'request_id'];

async function sqliteGuard(db: Kysely<any>, columns: string[]) {
  const changed = columns.map((c) => `new.${c} is not old.${c}`).join(' or ');
  await sql`drop trigger if exists audit_log_no_update`.execute(db);
  await sql`create trigger audit_log_no_update before update on audit_log
    when old.chain_hmac is not null or ${sql.raw(changed)}
    begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sqliteGuard(db, COLUMNS);
  await db.deleteFrom('audit_chain').where('id', '>', 1).execute();
  await db.schema.alterTable('audit_log').dropColumn('chain_lane').execute();
}
