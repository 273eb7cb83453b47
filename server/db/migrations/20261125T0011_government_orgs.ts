import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

const DIVISION_KINDS = ['province', 'city', 'county'];

export async function up(db: Kysely<any>): Promise<void> {
  // Governments used to be stored as kind 'other'; only a government may be a consultation's partner
  // now, so the people's government directly under each division becomes kind 'government'.
  await db
    .updateTable('organisations')
    .set({ kind: 'government' })
    .where('kind', '=', 'other')
    .where('name', 'like', '%人民政府')
    .where('parent_id', 'in', db.selectFrom('organisations').select('id').where('kind', 'in', DIVISION_KINDS))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('organisations').set({ kind: 'other' }).where('kind', '=', 'government').execute();
}
