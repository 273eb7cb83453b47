import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function table(db: Kysely<any>, name: string) {
  const t = db.schema.createTable(name);
  return isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  await table(db, 'projects')
    .addColumn('host_org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    // Small typed lists read and written whole with the project: JSON text on both databases.
    .addColumn('undertakers_json', 'text', (c) => c.notNull())
    .addColumn('fiscal_yuan', 'bigint', (c) => c.notNull())
    .addColumn('self_raised_yuan', 'bigint', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('milestones_json', 'text', (c) => c.notNull())
    .addColumn('outcomes_json', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_host').on('projects').columns(['host_org_id', 'id']).execute();

  await db.schema
    .createTable('project_items')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('project_items_pk', ['project_id', 'item_id'])
    .execute();
  await db.schema.createIndex('project_items_item').on('project_items').columns(['item_id', 'project_id']).execute();

  await table(db, 'programmes')
    .addColumn('host_org_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('programmes_host_year_name', ['host_org_id', 'year', 'name'])
    .execute();

  // An item belongs to at most one programme: the item is the key.
  await db.schema
    .createTable('programme_items')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(sql`1`))
    .execute();
  await db.schema.createIndex('programme_items_programme').on('programme_items').columns(['programme_id', 'item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('programme_items').execute();
  await db.schema.dropTable('programmes').execute();
  await db.schema.dropTable('project_items').execute();
  await db.schema.dropTable('projects').execute();
}
