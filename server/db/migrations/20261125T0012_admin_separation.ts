import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A password someone else set (an administrator's reset, a new account) is known to two people;
  // until its owner replaces it the account may do nothing else. Existing accounts are not flagged.
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
