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
  await table(db, 'organisations')
    .addColumn('parent_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('short_name', 'varchar(100)')
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('division_code', 'varchar(6)')
    // Materialised path "/1/4/9/": ancestors and subtrees in one indexed LIKE, on both databases.
    .addColumn('path', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisations_path').on('organisations').column('path').execute();
  await db.schema.createIndex('organisations_parent').on('organisations').column('parent_id').execute();
  await db.schema.createIndex('organisations_name').on('organisations').column('name').execute();
  await db.schema.createIndex('organisations_short_name').on('organisations').column('short_name').execute();

  await table(db, 'users')
    .addColumn('username', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
    .addColumn('phone', 'varchar(30)')
    .addColumn('email', 'varchar(200)')
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(30)')
    .addColumn('last_login_at', 'varchar(30)')
    .addColumn('password_changed_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_org').on('users').column('org_id').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(30)', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role', 'org_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('end_reason', 'varchar(30)')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await table(db, 'api_tokens')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)')
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await table(db, 'login_log')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(40)')
    .execute();
  await db.schema.createIndex('login_log_at').on('login_log').column('at').execute();

  await table(db, 'audit_log')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'varchar(64)')
    .addColumn('org_id', 'integer')
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  await table(db, 'dict_items')
    .addColumn('dict_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(50)', (c) => c.notNull())
    .addColumn('label', 'varchar(50)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('dict_items_type_value', ['dict_type', 'value'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await table(db, 'consultations')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('theme', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultations_year_id').on('consultations').columns(['year', 'id']).execute();

  await db.schema
    .createTable('consultation_parties')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('side', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_parties_pk', ['consultation_id', 'org_id'])
    .execute();
  await db.schema.createIndex('consultation_parties_org').on('consultation_parties').column('org_id').execute();

  await table(db, 'items')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('domain', 'varchar(50)', (c) => c.notNull())
    .addColumn('lead_unit_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('responsible', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('deadline', 'varchar(10)')
    .addColumn('ongoing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('funding_yuan', 'bigint')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(30)')
    .execute();
  // The list's keyset order, and one index per filter of the list page.
  await db.schema.createIndex('items_list').on('items').columns(['consultation_id', 'category', 'sort_order', 'id']).execute();
  await db.schema.createIndex('items_domain').on('items').columns(['consultation_id', 'domain']).execute();
  await db.schema.createIndex('items_status').on('items').columns(['consultation_id', 'status']).execute();
  // Covers the per-consultation counts by category, status and domain without touching the table.
  await db.schema.createIndex('items_counts').on('items').columns(['consultation_id', 'deleted_at', 'category', 'status', 'domain']).execute();
  await db.schema.createIndex('items_lead_unit').on('items').columns(['lead_unit_id', 'consultation_id']).execute();

  await db.schema
    .createTable('item_co_units')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('item_co_units_pk', ['item_id', 'org_id'])
    .execute();
  await db.schema.createIndex('item_co_units_org').on('item_co_units').column('org_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'item_co_units',
    'items',
    'consultation_parties',
    'consultations',
    'settings',
    'dict_items',
    'audit_log',
    'login_log',
    'api_tokens',
    'sessions',
    'user_roles',
    'users',
    'organisations',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
