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
  // Named background jobs and who holds each one's lease: two app instances never run one job at once.
  await db.schema
    .createTable('jobs')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('lease_owner', 'varchar(80)')
    .addColumn('lease_until', 'varchar(30)')
    // The calendar day (YYYY-MM-DD) a daily job last completed for.
    .addColumn('last_day', 'varchar(10)')
    .addColumn('last_run_at', 'varchar(30)')
    .addColumn('last_error', 'text')
    .execute();
  await db
    .insertInto('jobs')
    .values([{ name: 'dispatch' }, { name: 'daily_sweep' }])
    .execute();

  // The in-app inbox: one row per person and event.
  await table(db, 'notifications')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.references('domain_events.id').onDelete('set null'))
    .addColumn('type', 'varchar(60)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('consultation_id', 'integer')
    .addColumn('item_id', 'integer')
    .addColumn('read_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('notifications_user_event', ['user_id', 'event_id'])
    .execute();
  await db.schema.createIndex('notifications_user_id').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('notifications_user_unread').on('notifications').columns(['user_id', 'read_at', 'id']).execute();

  // Outbox of e-mails and robot messages: claimed under a lease, retried with backoff, sent once.
  await table(db, 'deliveries')
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    // E-mail address, or the organisation id whose robot receives it.
    .addColumn('target', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.references('domain_events.id').onDelete('set null'))
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(80)')
    .addColumn('lease_until', 'varchar(30)')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at', 'id']).execute();

  // 催办 recorded on the item; automatic ones carry a key so no sweep ever repeats one.
  await table(db, 'reminders')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('period', 'varchar(10)')
    .addColumn('due_on', 'varchar(10)')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recipients_json', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reminders_item').on('reminders').columns(['item_id', 'id']).execute();

  // Group robots per organisation (企业微信 / 钉钉); the DingTalk secret signs each message.
  await db.schema
    .createTable('org_webhooks')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('wecom_url', 'varchar(500)')
    .addColumn('dingtalk_url', 'varchar(500)')
    .addColumn('dingtalk_secret', 'varchar(200)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['org_webhooks', 'reminders', 'deliveries', 'notifications', 'jobs']) await db.schema.dropTable(t).execute();
}
