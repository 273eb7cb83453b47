import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

const isPg = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Columns that from now on hold SM4-sealed text, which is longer than the plain values they were sized for. */
const SEALED = [
  ['users', 'phone'],
  ['users', 'email'],
  ['org_webhooks', 'wecom_url'],
  ['org_webhooks', 'dingtalk_url'],
  ['org_webhooks', 'dingtalk_secret'],
  ['deliveries', 'target'],
] as const;

/**
 * Personal contact fields and robot secrets become sealed (SM4-CTR + HMAC-SM3) under a key kept
 * outside the database. This step prepares the schema: wider columns, blind-index columns for the
 * values looked up by equality, and the e-mail outbox's recipient
 * by id (it was found by joining on the plain address, which will no longer be there). The rows
 * already in the database are sealed by the application when it first starts with its key, right
 * after this migration: the key must never reach a migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPg(db)) {
    for (const [table, column] of SEALED) await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text`.execute(db);
  }
  await db.schema.alterTable('users').addColumn('email_index', 'varchar(64)').execute();
  await db.schema.alterTable('users').addColumn('phone_index', 'varchar(64)').execute();
  await db.schema.createIndex('users_email_index').on('users').column('email_index').execute();
  await db.schema.createIndex('users_phone_index').on('users').column('phone_index').execute();

  // No foreign key: SQLite cannot drop a column that has one, and users are disabled, never deleted.
  await db.schema.alterTable('deliveries').addColumn('user_id', 'integer').execute();
  await sql`update deliveries set user_id = (select min(u.id) from users u where u.email = deliveries.target) where channel = 'email'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').dropColumn('user_id').execute();
  await db.schema.dropIndex('users_phone_index').execute();
  await db.schema.dropIndex('users_email_index').execute();
  await db.schema.alterTable('users').dropColumn('phone_index').execute();
  await db.schema.alterTable('users').dropColumn('email_index').execute();
  // The columns stay text on PostgreSQL: sealed values do not fit the old sizes, and text holds the plain ones too.
}
