import { type Kysely, sql } from 'kysely';

// Frozen in time: this file must never import application code.

/**
 * Items across consultations by nearest deadline (the board's drill-down with sort=deadline), with or
 * without a category: each walk reads the index in order and stops after a page. Deleted items are
 * left out of the index, as every list leaves them out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('items_category_deadline').on('items').columns(['category', 'deadline', 'id']).where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('items_deadline').on('items').columns(['deadline', 'id']).where(sql.ref('deleted_at'), 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_deadline').execute();
  await db.schema.dropIndex('items_category_deadline').execute();
}
