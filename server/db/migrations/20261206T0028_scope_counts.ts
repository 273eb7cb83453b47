import { type Kysely, sql } from 'kysely';

// Frozen in time: this file must never import application code.

/**
 * The board's and the dashboard's grouped counts over every live item of a scope (by category,
 * light, status, domain and lead unit): read from this index alone, without visiting each item's
 * row. A province's 42,000 items took PostgreSQL about 360 ms by the (consultation, status) index
 * and 65–90 ms from this one, on a loaded machine.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('items_scope_counts')
    .on('items')
    .columns(['consultation_id', 'category', 'light', 'status', 'domain', 'lead_unit_id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_scope_counts').execute();
}
