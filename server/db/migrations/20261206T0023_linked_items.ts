import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 上下联动: an item of a city–county consultation may be the breakdown of an item of the
 * province–city consultation one level up. One parent per item, so the link lives on the child;
 * the index serves "the children of this item" on the parent's page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite cannot drop a column that takes part in a foreign key, so `down` would fail there;
  // on SQLite the service alone keeps the link pointing at an item.
  await db.schema
    .alterTable('items')
    .addColumn('parent_item_id', 'integer', (c) => (isPg(db) ? c.references('items.id') : c))
    .execute();
  await db.schema.createIndex('items_parent').on('items').column('parent_item_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_parent').execute();
  await db.schema.alterTable('items').dropColumn('parent_item_id').execute();
}
