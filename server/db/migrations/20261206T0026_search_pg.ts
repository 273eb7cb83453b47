import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file must never import application code. The block lexemes written here are
// the ones the search module asks for (server/platform/db-helpers.ts, fullTextSlices): blocks of
// 1,024 ids at level 0, each level four times the one below, six levels.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const TEXT = `setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')`;
const BLOCKS = [0, 1, 2, 3, 4, 5].map((level) => `'#${level}w' || (id >> ${10 + 2 * level})::text`).join(', ');

/**
 * PostgreSQL's search reads the newest matches first. A GIN index returns every match of a word,
 * unordered: a word in most rows (推动) meant building a bitmap of most of the table and then
 * sorting it, or walking the table backwards and testing each row's vector, which costs most where a
 * county sees only a few rows. So each entry's vector also carries the blocks of ids it falls in
 * ('#0w175': ids 179,200–180,223; '#1w43': the 4,096 ids around them; and so on up to 1,048,576),
 * lexemes no text can produce (the parser drops '#'). A search asks the index for the word within
 * the newest block first, then within older and larger ones, and stops as soon as it has enough: the
 * index intersects the word with a block as cheaply as the smaller of the two allows.
 * The scope index lets a county's consultations be matched against a block of ids without reading
 * the rows of everybody else's.
 * SQLite's FTS5 walks its doclists newest first already: nothing changes there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) return;
  await sql.raw(`alter table search_entries drop column document`).execute(db);
  await sql.raw(`alter table search_entries add column document tsvector generated always as (${TEXT} || array_to_tsvector(array[${BLOCKS}])) stored`).execute(db);
  // GIN gathers new entries in a pending list that every search then reads through in full, up to
  // 4 MB by default (after a bulk write, tens of milliseconds per search); a small list is merged
  // into the index more often instead.
  await sql`create index search_entries_document on search_entries using gin (document) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`create index search_entries_scope on search_entries (consultation_id, id)`.execute(db);
  await sql`analyze search_entries`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) return;
  await sql`drop index search_entries_scope`.execute(db);
  await sql.raw(`alter table search_entries drop column document`).execute(db);
  await sql.raw(`alter table search_entries add column document tsvector generated always as (${TEXT}) stored`).execute(db);
  await sql`create index search_entries_document on search_entries using gin (document)`.execute(db);
}
