import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code.

/*
 * Two more reads of a wide scope that walked every item.
 *
 * The stored report punctuality (migration 0027) summed per consultation, kept by triggers on items
 * as item_tallies is (migration 0034): a row per lead unit (0: none), current-period state ('':
 * none) and the values that decide whether the stored figures still hold (the day range, the
 * consultation settings, and `ok`: whether they were computed with the item's current closing and
 * are complete). Whether a row is fresh on a given day is then decided per row instead of per item,
 * and the stale items are still tallied live from the items. Live items only, not cancelled ones
 * (they owe no report).
 *
 * And the open items not kept ongoing, by consultation and deadline: "overdue as of today" reads
 * only the rows whose deadline has passed, and the overdue lists take their first rows from the
 * index before reading any item.
 */

const KEYS: [string, string, (r: string) => string][] = [
  ['consultation_id', 'integer', (r) => `${r}.consultation_id`],
  ['lead_unit_id', 'integer', (r) => `coalesce(${r}.lead_unit_id, 0)`],
  ['state', 'varchar(10)', (r) => `coalesce(${r}.punct_state, '')`],
  ['valid_from', 'varchar(10)', (r) => `coalesce(${r}.punct_from, '')`],
  ['valid_until', 'varchar(10)', (r) => `coalesce(${r}.punct_until, '')`],
  ['basis', 'varchar(60)', (r) => `coalesce(${r}.punct_basis, '')`],
  [
    'ok',
    'integer',
    (r) =>
      `case when ${r}.punct_from is not null and ${r}.punct_until is not null and ${r}.punct_basis is not null
        and ${r}.punct_closed = coalesce(${r}.closed_on, case when ${r}.status in ('completed', 'cancelled') then 'u' else '' end) then 1 else 0 end`,
  ],
];
const SUMS: [string, (r: string) => string][] = [
  ['n', () => '1'],
  ['on_time', (r) => `${r}.punct_on_time`],
  ['late', (r) => `${r}.punct_late`],
  ['missing', (r) => `${r}.punct_missing`],
  ['pending', (r) => `${r}.punct_pending`],
];
const WATCHED = [
  'consultation_id',
  'lead_unit_id',
  'status',
  'closed_on',
  'deleted_at',
  'punct_state',
  'punct_from',
  'punct_until',
  'punct_basis',
  'punct_closed',
  'punct_on_time',
  'punct_late',
  'punct_missing',
  'punct_pending',
];
const TABLE = 'item_punctuality_tallies';
const counted = (r: string) => `${r}.deleted_at is null and ${r}.status <> 'cancelled'`;
const keyCols = KEYS.map(([c]) => c).join(', ');

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const add = `insert into ${TABLE} (${keyCols}, ${SUMS.map(([c]) => c).join(', ')})
  select ${[...KEYS.map(([, , e]) => e('new')), ...SUMS.map(([, e]) => e('new'))].join(', ')} where ${counted('new')}
  on conflict (${keyCols}) do update set ${SUMS.map(([c, e]) => `${c} = ${TABLE}.${c} + ${e('new')}`).join(', ')};`;

const match = KEYS.map(([c, , e]) => `${c} = ${e('old')}`).join(' and ');
const remove = `update ${TABLE} set ${SUMS.map(([c, e]) => `${c} = ${c} - ${e('old')}`).join(', ')} where ${match} and ${counted('old')};
  delete from ${TABLE} where ${match} and n = 0;`;

/** PostgreSQL: the statement's rows, counted +1 (new) and -1 (old); transition tables per event. */
const PG_EVENTS: [string, [string, number][]][] = [
  ['insert', [['new_rows', 1]]],
  [
    'update',
    [
      ['old_rows', -1],
      ['new_rows', 1],
    ],
  ],
  ['delete', [['old_rows', -1]]],
];

/** The net change a statement made, applied in one upsert; rows left at zero are removed. */
const pgDelta = (sources: [string, number][]) => {
  const sums = SUMS.map(([c]) => c);
  const rows = sources.map(
    ([rows, sign]) =>
      `select ${[...KEYS.map(([c, , e]) => `${e('r')} as ${c}`), ...SUMS.map(([c, e]) => `${sign} * ${e('r')} as ${c}`)].join(', ')} from ${rows} r where ${counted('r')}`,
  );
  return `insert into ${TABLE} (${keyCols}, ${sums.join(', ')}) select ${keyCols}, ${sums.map((c) => `sum(${c})`).join(', ')} from (${rows.join(' union all ')}) d
      group by ${keyCols} having ${sums.map((c) => `sum(${c}) <> 0`).join(' or ')}
      on conflict (${keyCols}) do update set ${sums.map((c) => `${c} = ${TABLE}.${c} + excluded.${c}`).join(', ')};
    delete from ${TABLE} where n = 0 and consultation_id in (${sources.map(([rows]) => `select consultation_id from ${rows}`).join(' union ')});`;
};

export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema.createTable(TABLE);
  for (const [c, type] of KEYS) table = table.addColumn(c, type as 'integer', (col) => col.notNull());
  for (const [c] of SUMS) table = table.addColumn(c, 'integer', (col) => col.notNull());
  await table.addPrimaryKeyConstraint(`${TABLE}_pk`, KEYS.map(([c]) => c) as any).execute();
  await sql
    .raw(
      `insert into ${TABLE} (${keyCols}, ${SUMS.map(([c]) => c).join(', ')})
      select ${KEYS.map(([c, , e]) => `${e('i')} as ${c}`).join(', ')}, ${SUMS.map(([c, e]) => `sum(${e('i')}) as ${c}`).join(', ')}
      from items i where ${counted('i')} group by ${KEYS.map(([, , e]) => e('i')).join(', ')}`,
    )
    .execute(db);

  if (isPg(db)) {
    // Once per statement from its transition tables, as item_tallies (migration 0034).
    for (const [event, sources] of PG_EVENTS) {
      await sql
        .raw(
          `create function items_punctuality_tally_${event}() returns trigger language plpgsql as $$
          begin
            ${pgDelta(sources)}
            return null;
          end $$`,
        )
        .execute(db);
      const tables = sources.map(([rows]) => `${rows === 'old_rows' ? 'old' : 'new'} table as ${rows}`).join(' ');
      await sql
        .raw(`create trigger items_punctuality_tally_${event} after ${event} on items referencing ${tables} for each statement execute function items_punctuality_tally_${event}()`)
        .execute(db);
    }
  } else {
    const changed = WATCHED.map((c) => `old.${c} is not new.${c}`).join(' or ');
    await sql.raw(`create trigger items_punctuality_tally_insert after insert on items begin ${add} end`).execute(db);
    await sql.raw(`create trigger items_punctuality_tally_delete after delete on items begin ${remove} end`).execute(db);
    await sql.raw(`create trigger items_punctuality_tally_update after update of ${WATCHED.join(', ')} on items when ${changed} begin ${remove} ${add} end`).execute(db);
  }

  // The overdue filter's own terms (items.filters.ts, overdueOn) besides the deadline, so both databases see the index serves it.
  await sql`create index items_overdue on items (consultation_id, deadline, id) where deleted_at is null and ongoing = 0 and status not in ('completed', 'cancelled')`.execute(db);
  if (isPg(db)) await sql.raw(`analyze ${TABLE}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_overdue').execute();
  if (isPg(db)) {
    for (const [event] of PG_EVENTS) {
      await sql.raw(`drop trigger items_punctuality_tally_${event} on items`).execute(db);
      await sql.raw(`drop function items_punctuality_tally_${event}()`).execute(db);
    }
  } else {
    await sql`drop trigger items_punctuality_tally_update`.execute(db);
    await sql`drop trigger items_punctuality_tally_delete`.execute(db);
    await sql`drop trigger items_punctuality_tally_insert`.execute(db);
  }
  await db.schema.dropTable(TABLE).execute();
}
