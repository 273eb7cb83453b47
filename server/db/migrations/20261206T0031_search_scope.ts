import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code. The scope lexemes written here are
// the ones the search module asks for (server/modules/search/search.repo.ts, scopeLexemes).

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const SCOPE = `case kind when 'project' then '#p' || ref_id::text when 'announcement' then '#a' || ref_id::text else '#c' || coalesce(consultation_id, 0)::text end`;

/**
 * Each entry also names, in a vector of its own, what a caller must be allowed to see to find it:
 * its consultation ('#c12'), or for a project or an announcement the row itself ('#p3', '#a5').
 * A caller whose scope is a small share of the index (a county among a province's consultations)
 * then asks the GIN index for the word within a block and for the scope together, and reads only
 * the rows it may see; before, every row of a block that held the word was read and most were
 * discarded, and where a county's rows lay far from the newest, block after block.
 * A column of its own, in the same GIN index as the text, rather than more lexemes in `document`:
 * GIN then treats the scope as a second condition and skips through both (each to the other's next
 * row), where inside one query it walked every row of the whole scope to test it against the block.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) return;
  await sql.raw(`alter table search_entries add column scope tsvector generated always as (array_to_tsvector(array[${SCOPE}])) stored`).execute(db);
  await sql`drop index search_entries_document`.execute(db);
  await sql`create index search_entries_document on search_entries using gin (document, scope) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`analyze search_entries`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) return;
  await sql`drop index search_entries_document`.execute(db);
  await sql`alter table search_entries drop column scope`.execute(db);
  await sql`create index search_entries_document on search_entries using gin (document) with (gin_pending_list_limit = 256)`.execute(db);
}
