import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code.

/*
 * Live items counted per consultation, kept by the database itself. The board and the dashboard of a
 * wide scope (a province: 282 consultations, 42,000 items) summed a grouped scan of every item per
 * figure; they now sum these rows, a few dozen per consultation. Triggers on items keep them in the
 * transaction of every item write (the items command, the light sweep's batched store, a restore,
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

  const changed = WATCHED.map((c) => (isPg(db) ? `old.${c} is distinct from new.${c}` : `old.${c} is not new.${c}`)).join(' or ');
  if (isPg(db)) {
    await sql
      .raw(
        `create function items_tally() returns trigger language plpgsql as $$
        begin
          if tg_op in ('UPDATE', 'DELETE') then
            ${TALLIES.map(remove).join('\n')}
          end if;
          if tg_op in ('INSERT', 'UPDATE') then
            ${TALLIES.map(add).join('\n')}
          end if;
          return null;
        end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger items_tally_insert after insert or delete on items for each row execute function items_tally()`).execute(db);
    await sql.raw(`create trigger items_tally_update after update of ${WATCHED.join(', ')} on items for each row when (${changed}) execute function items_tally()`).execute(db);
  } else {
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
    await sql`drop trigger items_tally_update on items`.execute(db);
    await sql`drop trigger items_tally_insert on items`.execute(db);
    await sql`drop function items_tally()`.execute(db);
  } else {
    await sql`drop trigger items_tally_update`.execute(db);
    await sql`drop trigger items_tally_delete`.execute(db);
    await sql`drop trigger items_tally_insert`.execute(db);
  }
  await db.schema.dropTable('item_domain_tallies').execute();
  await db.schema.dropTable('item_tallies').execute();
}
