import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code.

/*
 * Live items counted per consultation, kept by the database itself. The board and the dashboard of a
 * wide scope (a province: 282 consultations, 42,000 items) summed a grouped scan of every item per
 * figure; they now sum these rows, a few dozen per consultation. Triggers on items keep them in the
 * transaction of every item write (per row on SQLite, per statement on PostgreSQL) (the items command, the light sweep's batched store, a restore,
 * the demo seed), so no writer can forget them and no count can drift from the items. A null lead
 * unit is kept as 0 and a null closing day as '', so the key has no nulls and an upsert finds its row.
 */

interface Tally {
  table: string;
  /** Key column → its value in terms of the item row, `r` standing for new or old. */
  keys: [string, (r: string) => string][];
}

const TALLIES: Tally[] = [
  {
    table: 'item_tallies',
    keys: [
      ['consultation_id', (r) => `${r}.consultation_id`],
      ['category', (r) => `${r}.category`],
      ['status', (r) => `${r}.status`],
      ['light', (r) => `${r}.light`],
      ['lead_unit_id', (r) => `coalesce(${r}.lead_unit_id, 0)`],
      ['closed_on', (r) => `coalesce(${r}.closed_on, '')`],
    ],
  },
  {
    table: 'item_domain_tallies',
    keys: [
      ['consultation_id', (r) => `${r}.consultation_id`],
      ['domain', (r) => `${r}.domain`],
      ['light', (r) => `${r}.light`],
    ],
  },
];

/** The item columns any tally reads: an update that moves none of them leaves every tally as it was. */
const WATCHED = ['consultation_id', 'category', 'status', 'light', 'lead_unit_id', 'closed_on', 'domain', 'deleted_at'];

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const add = (t: Tally) => {
  const cols = t.keys.map(([c]) => c).join(', ');
  return `insert into ${t.table} (${cols}, n) select ${t.keys.map(([, e]) => e('new')).join(', ')}, 1 where new.deleted_at is null
    on conflict (${cols}) do update set n = ${t.table}.n + 1;`;
};

const remove = (t: Tally) => {
  const match = t.keys.map(([c, e]) => `${c} = ${e('old')}`).join(' and ');
  return `update ${t.table} set n = n - 1 where ${match} and old.deleted_at is null;
    delete from ${t.table} where ${match} and n = 0;`;
};

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

/** The net change a statement made to a tally, applied in one upsert; rows left at zero are removed. */
const pgDelta = (t: Tally, sources: [string, number][]) => {
  const cols = t.keys.map(([c]) => c).join(', ');
  const rows = sources.map(([rows, sign]) => `select ${t.keys.map(([c, e]) => `${e('r')} as ${c}`).join(', ')}, ${sign} as n from ${rows} r where r.deleted_at is null`);
  return `insert into ${t.table} (${cols}, n) select ${cols}, sum(n) from (${rows.join(' union all ')}) d group by ${cols} having sum(n) <> 0
      on conflict (${cols}) do update set n = ${t.table}.n + excluded.n;
    delete from ${t.table} where n = 0 and consultation_id in (${sources.map(([rows]) => `select consultation_id from ${rows}`).join(' union ')});`;
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('item_tallies')
    .addColumn('consultation_id', 'integer', (c) => c.notNull())
    .addColumn('category', 'varchar(40)', (c) => c.notNull())
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    .addColumn('light', 'varchar(10)', (c) => c.notNull())
    .addColumn('lead_unit_id', 'integer', (c) => c.notNull())
    .addColumn('closed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_tallies_pk', ['consultation_id', 'category', 'status', 'light', 'lead_unit_id', 'closed_on'])
    .execute();
  await db.schema
    .createTable('item_domain_tallies')
    .addColumn('consultation_id', 'integer', (c) => c.notNull())
    .addColumn('domain', 'varchar(100)', (c) => c.notNull())
    .addColumn('light', 'varchar(10)', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_domain_tallies_pk', ['consultation_id', 'domain', 'light'])
    .execute();

  for (const t of TALLIES) {
    const cols = t.keys.map(([c]) => c).join(', ');
    const exprs = t.keys.map(([c, e]) => `${e('i')} as ${c}`).join(', ');
    await sql
      .raw(`insert into ${t.table} (${cols}, n) select ${exprs}, count(*) from items i where i.deleted_at is null group by ${t.keys.map(([, e]) => e('i')).join(', ')}`)
      .execute(db);
  }

  if (isPg(db)) {
    // Once per statement, from its transition tables: a sweep batch of 500 items or a ledger import
    // is one grouped change per tally, not a function call and two upserts per row.
    for (const [event, sources] of PG_EVENTS) {
      await sql
        .raw(
          `create function items_tally_${event}() returns trigger language plpgsql as $$
          begin
            ${TALLIES.map((t) => pgDelta(t, sources)).join('\n')}
            return null;
          end $$`,
        )
        .execute(db);
      const tables = sources.map(([rows]) => `${rows === 'old_rows' ? 'old' : 'new'} table as ${rows}`).join(' ');
      await sql.raw(`create trigger items_tally_${event} after ${event} on items referencing ${tables} for each statement execute function items_tally_${event}()`).execute(db);
    }
  } else {
    const changed = WATCHED.map((c) => `old.${c} is not new.${c}`).join(' or ');
    await sql.raw(`create trigger items_tally_insert after insert on items begin ${TALLIES.map(add).join('\n')} end`).execute(db);
    await sql.raw(`create trigger items_tally_delete after delete on items begin ${TALLIES.map(remove).join('\n')} end`).execute(db);
    await sql
      .raw(
        `create trigger items_tally_update after update of ${WATCHED.join(', ')} on items when ${changed} begin ${TALLIES.map(remove).join('\n')} ${TALLIES.map(add).join('\n')} end`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPg(db)) {
    for (const [event] of PG_EVENTS) {
      await sql.raw(`drop trigger items_tally_${event} on items`).execute(db);
      await sql.raw(`drop function items_tally_${event}()`).execute(db);
    }
  } else {
    await sql`drop trigger items_tally_update`.execute(db);
    await sql`drop trigger items_tally_delete`.execute(db);
    await sql`drop trigger items_tally_insert`.execute(db);
  }
  await db.schema.dropTable('item_domain_tallies').execute();
  await db.schema.dropTable('item_tallies').execute();
}
