import { type Kysely, sql } from 'kysely';

// Frozen in time: this file must never import application code.

const COUNTS = ['punct_on_time', 'punct_late', 'punct_missing', 'punct_pending'] as const;
const TEXTS = ['punct_period', 'punct_state', 'punct_due', 'punct_from', 'punct_until', 'punct_closed'] as const;

/**
 * Each item's report punctuality (the on-time / late / missing / pending slot counts and the
 * current period's slot), stored by the light refresh with the day range it holds for and the
 * consultation settings it was computed from, so boards and dashboards sum it instead of walking
 * every report. Rows of live lists start with no range: they read as stale and are tallied live until refreshed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of COUNTS) {
    await db.schema
      .alterTable('items')
      .addColumn(c, 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  }
  for (const c of TEXTS) await db.schema.alterTable('items').addColumn(c, 'varchar(10)').execute();
  await db.schema.alterTable('items').addColumn('punct_basis', 'varchar(60)').execute();
  // Items of lists not in force (closed, or not yet adopted) owe no report on any day: their values
  // are known now and hold until the consultation changes, so the dashboard need not tally them
  // live until a sweep that never visits them. Live lists are filled by the next light sweep.
  await sql`update items set punct_from = '0000-01-01', punct_until = '9999-12-31',
      punct_basis = (select '|' || c.report_cycle || '|' || cast(c.report_due_days as varchar(10)) from consultations c where c.id = items.consultation_id),
      punct_closed = coalesce(closed_on, case when status in ('completed', 'cancelled') then 'u' else '' end)
    where consultation_id in (select id from consultations where status not in ('adopted', 'implementing'))`.execute(db);
  // This period's report list, by due day and id within a consultation: a page reads the index in order.
  await db.schema.createIndex('items_punct_due').on('items').columns(['consultation_id', 'punct_due', 'id']).where(sql.ref('deleted_at'), 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_punct_due').execute();
  for (const c of ['punct_basis', ...TEXTS, ...COUNTS]) await db.schema.alterTable('items').dropColumn(c).execute();
}
