import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

/**
 * The audit log becomes append-only and chained: each row carries HMAC-SM3(key, previous link ‖ row),
 * with the key outside the database, so a row changed, removed or inserted by anyone who can write to
 * the database breaks the chain where it happened. `audit_chain` holds the head (the last link, so
 * rows cut off the end are noticed too) and the anchor the retention purge leaves behind.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('chain_hmac', 'text').execute();
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('head_id', 'bigint')
    .addColumn('head_hmac', 'text')
    .addColumn('anchor_id', 'bigint')
    .addColumn('anchor_hmac', 'text')
    .addColumn('purged', 'bigint', (c) => c.notNull().defaultTo(0))
    // 1 only inside the retention purge's own transaction: the one time rows may leave the log.
    .addColumn('purging', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('audit_chain').values({ id: 1, purged: 0, purging: 0 }).execute();
  await db.insertInto('jobs').values({ name: 'audit_retention' }).execute();

  if (isPostgres(db)) {
    // The one update allowed: sealing a row written before the chain existed, and nothing else of it.
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.chain_hmac is null and (to_jsonb(new) - 'chain_hmac') = (to_jsonb(old) - 'chain_hmac') then
          return new;
        end if;
        if tg_op = 'DELETE' and (select purging from audit_chain where id = 1) = 1 then
          return old;
        end if;
        raise exception 'audit_log is append-only';
      end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
  } else {
    const changed = COLUMNS.map((c) => `new.${c} is not old.${c}`).join(' or ');
    await sql`create trigger audit_log_no_update before update on audit_log
      when old.chain_hmac is not null or ${sql.raw(changed)}
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      when (select purging from audit_chain where id = 1) <> 1
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

const COLUMNS = ['id', 'at', 'user_id', 'username', 'org_id', 'action', 'entity_type', 'entity_id', 'before_json', 'after_json', 'ip', 'request_id'];

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
    await sql`drop function if exists audit_log_append_only()`.execute(db);
  } else {
    await sql`drop trigger if exists audit_log_no_update`.execute(db);
    await sql`drop trigger if exists audit_log_no_delete`.execute(db);
  }
  await db.deleteFrom('jobs').where('name', '=', 'audit_retention').execute();
  await db.schema.dropTable('audit_chain').execute();
  await db.schema.alterTable('audit_log').dropColumn('chain_hmac').execute();
}
