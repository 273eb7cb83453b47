import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code. The expressions are those of
// migrations 0026 (the text and the blocks of ids) and 0031 (the scope), unchanged.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const TEXT = `setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')`;
const BLOCKS = [0, 1, 2, 3, 4, 5].map((level) => `'#${level}w' || (id >> ${10 + 2 * level})::text`).join(', ');
const SCOPE = `case kind when 'project' then '#p' || ref_id::text when 'announcement' then '#a' || ref_id::text else '#c' || coalesce(consultation_id, 0)::text end`;
const DOCUMENT = `${TEXT} || array_to_tsvector(array[${BLOCKS}])`;
const SCOPE_VECTOR = `array_to_tsvector(array[${SCOPE}])`;

/** The same expressions over the trigger's new row. */
const onNew = (expression: string) => expression.replace(/\b(title_tokens|body_tokens|id|kind|ref_id|consultation_id)\b/g, 'new.$1');

/**
 * PostgreSQL reads a stored generated column's expression back from the catalogue as text, parses it
 * and prepares it at the start of every statement that writes the table, prepared or not: for a
 * search entry's insert that cost about as much as computing its two vectors (a sixth of the
 * statement, 5% of the database's CPU under a stream of comments). A row trigger's function is
 * compiled once per connection. pgbench, one connection, the comment's upsert alone, commits not
 * flushed: 4,400–4,900 a second with the generated columns, 5,400–5,800 with the trigger.
 * The trigger runs on every insert and every update, so `document` and `scope` still always follow
 * from the row: a value written to them directly is replaced, as a generated column would refuse it.
 * The function runs as whoever writes, and its names resolve through pg_catalog first (searched first
 * unless a search_path names it later): no `set search_path` clause, which costs every call.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) return;
  await sql`alter table search_entries alter column document drop expression`.execute(db);
  await sql`alter table search_entries alter column scope drop expression`.execute(db);
  await sql
    .raw(
      `create function search_entries_derive() returns trigger language plpgsql as $$
begin
  new.document := ${onNew(DOCUMENT)};
  new.scope := ${onNew(SCOPE_VECTOR)};
  return new;
end $$`,
    )
    .execute(db);
  await sql`create trigger search_entries_derive before insert or update on search_entries for each row execute function search_entries_derive()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) return;
  await sql`drop trigger search_entries_derive on search_entries`.execute(db);
  await sql`drop function search_entries_derive()`.execute(db);
  await sql`alter table search_entries drop column document`.execute(db);
  await sql`alter table search_entries drop column scope`.execute(db);
  await sql.raw(`alter table search_entries add column document tsvector generated always as (${DOCUMENT}) stored`).execute(db);
  await sql.raw(`alter table search_entries add column scope tsvector generated always as (${SCOPE_VECTOR}) stored`).execute(db);
  await sql`create index search_entries_document on search_entries using gin (document, scope) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`analyze search_entries`.execute(db);
}
