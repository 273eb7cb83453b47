import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 通知公告: an office's notices, whom each is addressed to (organisations; roles kept on the row),
 * and one receipt row per recipient, written when it is published, so "read by 12 of 30" counts the
 * people it actually reached.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = db.schema.createTable('announcements');
  await (isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('audience_roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addColumn('withdrawn_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('announcements_org').on('announcements').columns(['org_id', 'updated_at']).execute();

  await db.schema
    .createTable('announcement_orgs')
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('announcement_orgs_pk', ['announcement_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('announcement_recipients')
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('read_at', 'varchar(30)')
    .addPrimaryKeyConstraint('announcement_recipients_pk', ['announcement_id', 'user_id'])
    .execute();
  await db.schema.createIndex('announcement_recipients_user').on('announcement_recipients').columns(['user_id', 'announcement_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('announcement_recipients').execute();
  await db.schema.dropTable('announcement_orgs').execute();
  await db.schema.dropTable('announcements').execute();
}
