import type { SearchKind } from '../../../domain/search.js';
import { SEARCH_LIMITS } from '../../../domain/search.js';
import { sql } from 'kysely';
import { dialectOf, insertRows } from '../../platform/db-helpers.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Database } from '../../platform/db-schema.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { indexTokens, plainText } from './search.text.js';

/*
 * Keeps search_entries in step with the rows it mirrors. Every write of a searchable row calls in
 * here inside its own transaction, so a search run right after the commit finds the new text, and a
 * rolled-back write leaves no trace in the index either.
 */

type Conn = Db | Tx;

interface Source {
  kind: SearchKind;
  refId: number;
  itemId: number | null;
  consultationId: number | null;
  orgId: number | null;
  year: number | null;
  title: string;
  body: string;
  updatedAt: string;
}

const join = (...parts: (string | null | undefined)[]) => parts.filter((p) => p && p.trim()).join('\n');
const yearOf = (iso: string | null | undefined) => (iso && /^\d{4}/.test(iso) ? Number(iso.slice(0, 4)) : null);

// Every write of a searchable row reads it back here: each kind's query is built once per shape
// (reusable-query.ts), not on every comment or report.
type Selection = { ids: number[]; limit: number } | { afterId: number; limit: number };

const itemRows = reusableQuery((db, p: Selection) => {
  const q = db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['i.id', 'i.consultation_id', 'c.year', 'i.title', 'i.content', 'i.domain', 'i.responsible', 'i.progress_note', 'i.updated_at'])
    .where('i.deleted_at', 'is', null);
  return ('ids' in p ? q.where('i.id', 'in', p.ids) : q.where('i.id', '>', p.afterId)).orderBy('i.id').limit(p.limit);
});

const needRows = reusableQuery((db, p: Selection) => {
  const q = db
    .selectFrom('needs as n')
    .innerJoin('consultations as c', 'c.id', 'n.consultation_id')
    .select(['n.id', 'n.consultation_id', 'c.year', 'n.title', 'n.description', 'n.domain', 'n.updated_at']);
  return ('ids' in p ? q.where('n.id', 'in', p.ids) : q.where('n.id', '>', p.afterId)).orderBy('n.id').limit(p.limit);
});

const commentRows = reusableQuery((db, p: Selection) => {
  const q = db
    .selectFrom('item_comments as m')
    .innerJoin('items as i', 'i.id', 'm.item_id')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['m.id', 'm.item_id', 'i.consultation_id', 'c.year', 'i.title', 'm.body', 'm.created_at'])
    .where('m.deleted_at', 'is', null)
    .where('i.deleted_at', 'is', null);
  return ('ids' in p ? q.where('m.id', 'in', p.ids) : q.where('m.id', '>', p.afterId)).orderBy('m.id').limit(p.limit);
});

const reportRows = reusableQuery((db, p: Selection) => {
  const q = db
    .selectFrom('progress_reports as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['r.id', 'r.item_id', 'i.consultation_id', 'c.year', 'i.title', 'r.period', 'r.progress_html', 'r.problems', 'r.next_steps', 'r.updated_at'])
    .where('i.deleted_at', 'is', null);
  return ('ids' in p ? q.where('r.id', 'in', p.ids) : q.where('r.id', '>', p.afterId)).orderBy('r.id').limit(p.limit);
});

const meetingRows = reusableQuery((db, p: Selection) => {
  const q = db
    .selectFrom('meetings as m')
    .innerJoin('consultations as c', 'c.id', 'm.consultation_id')
    .select(['m.id', 'm.consultation_id', 'c.year', 'c.title', 'm.held_on', 'm.venue', 'm.agenda', 'm.minutes_html', 'm.updated_at']);
  return ('ids' in p ? q.where('m.id', 'in', p.ids) : q.where('m.id', '>', p.afterId)).orderBy('m.id').limit(p.limit);
});

const noticeRows = reusableQuery((db, p: Selection) => {
  const q = db
    .selectFrom('supervision_notices as n')
    .innerJoin('items as i', 'i.id', 'n.item_id')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['n.id', 'n.item_id', 'i.consultation_id', 'c.year', 'i.title', 'n.reason', 'n.requirements', 'n.response_text', 'n.updated_at'])
    .where('i.deleted_at', 'is', null);
  return ('ids' in p ? q.where('n.id', 'in', p.ids) : q.where('n.id', '>', p.afterId)).orderBy('n.id').limit(p.limit);
});

const announcementRows = reusableQuery((db, p: Selection) => {
  const q = db.selectFrom('announcements as a').select(['a.id', 'a.org_id', 'a.title', 'a.body', 'a.created_at', 'a.published_at', 'a.updated_at']);
  return ('ids' in p ? q.where('a.id', 'in', p.ids) : q.where('a.id', '>', p.afterId)).orderBy('a.id').limit(p.limit);
});

const projectRows = reusableQuery((db, p: Selection) => {
  const q = db.selectFrom('projects as p').select(['p.id', 'p.host_org_id', 'p.name', 'p.type', 'p.summary', 'p.start_date', 'p.updated_at']);
  return ('ids' in p ? q.where('p.id', 'in', p.ids) : q.where('p.id', '>', p.afterId)).orderBy('p.id').limit(p.limit);
});

/** Rows of one kind, by id (`ids`) or, for a rebuild, the next batch after `afterId`. */
async function load(db: Conn, kind: SearchKind, sel: Selection): Promise<Source[]> {
  switch (kind) {
    case 'item': {
      const rows = await itemRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: r.id,
        consultationId: r.consultation_id,
        orgId: null,
        year: r.year,
        title: r.title,
        body: join(r.content, r.domain, r.responsible, r.progress_note),
        updatedAt: r.updated_at,
      }));
    }
    case 'need': {
      const rows = await needRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: null,
        consultationId: r.consultation_id,
        orgId: null,
        year: r.year,
        title: r.title,
        body: join(r.description, r.domain),
        updatedAt: r.updated_at,
      }));
    }
    case 'comment': {
      const rows = await commentRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: r.item_id,
        consultationId: r.consultation_id,
        orgId: null,
        year: r.year,
        title: r.title,
        body: r.body,
        updatedAt: r.created_at,
      }));
    }
    case 'report': {
      const rows = await reportRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: r.item_id,
        consultationId: r.consultation_id,
        orgId: null,
        year: r.year,
        title: `${r.title}（${r.period}）`,
        body: join(plainText(r.progress_html), r.problems, r.next_steps),
        updatedAt: r.updated_at,
      }));
    }
    case 'meeting': {
      const rows = await meetingRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: null,
        consultationId: r.consultation_id,
        orgId: null,
        year: r.year,
        title: `${r.title} · ${r.held_on} ${r.venue}`,
        body: join(r.agenda, plainText(r.minutes_html)),
        updatedAt: r.updated_at,
      }));
    }
    case 'notice': {
      const rows = await noticeRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: r.item_id,
        consultationId: r.consultation_id,
        orgId: null,
        year: r.year,
        title: `督办：${r.title}`,
        body: join(r.reason, r.requirements, r.response_text),
        updatedAt: r.updated_at,
      }));
    }
    case 'announcement': {
      const rows = await announcementRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: null,
        consultationId: null,
        orgId: r.org_id,
        year: yearOf(r.published_at ?? r.created_at),
        title: r.title,
        body: plainText(r.body),
        updatedAt: r.updated_at,
      }));
    }
    case 'project': {
      const rows = await projectRows.run(db, sel);
      return rows.map((r) => ({
        kind,
        refId: r.id,
        itemId: null,
        consultationId: null,
        orgId: r.host_org_id,
        year: yearOf(r.start_date),
        title: r.name,
        body: join(r.summary, r.type),
        updatedAt: r.updated_at,
      }));
    }
  }
}

function entryValues(s: Source) {
  const title = s.title.slice(0, SEARCH_LIMITS.indexedChars);
  const body = s.body.slice(0, SEARCH_LIMITS.indexedChars);
  return {
    kind: s.kind,
    ref_id: s.refId,
    item_id: s.itemId,
    consultation_id: s.consultationId,
    org_id: s.orgId,
    year: s.year,
    title,
    body,
    title_tokens: indexTokens(title),
    body_tokens: indexTokens(body),
    updated_at: s.updatedAt,
  };
}

type EntryValues = ReturnType<typeof entryValues>;

function upsert(db: Conn, rows: EntryValues | EntryValues[]) {
  return db
    .insertInto('search_entries')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['kind', 'ref_id']).doUpdateSet((eb) => ({
        item_id: eb.ref('excluded.item_id'),
        consultation_id: eb.ref('excluded.consultation_id'),
        org_id: eb.ref('excluded.org_id'),
        year: eb.ref('excluded.year'),
        title: eb.ref('excluded.title'),
        body: eb.ref('excluded.body'),
        title_tokens: eb.ref('excluded.title_tokens'),
        body_tokens: eb.ref('excluded.body_tokens'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    );
}

// One row is what every ordinary write indexes: that statement is built once per shape.
const upsertOne = reusableQuery((db, p: EntryValues) => upsert(db, p));

const ENTRY_COLUMNS = ['kind', 'ref_id', 'item_id', 'consultation_id', 'org_id', 'year', 'title', 'body', 'title_tokens', 'body_tokens', 'updated_at'] as const;
const UPDATED_ON_CONFLICT = sql.join(ENTRY_COLUMNS.slice(2).map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));

async function write(db: Conn, sources: Source[]): Promise<void> {
  if (!sources.length) return;
  // Sent ahead inside a transaction: nobody reads its answer (pg-pipeline.ts).
  if (sources.length === 1) return upsertOne.send(db, entryValues(sources[0]));
  // Many entries (a batch of new items or comments, a rebuild) as one JSON parameter: the same upsert.
  const upsert = sql`on conflict (kind, ref_id) do update set ${UPDATED_ON_CONFLICT}`;
  await insertRows<Database>(db, 'search_entries', ENTRY_COLUMNS, sources.map(entryValues), upsert, { ahead: true });
}

/** (Re)indexes rows as they now stand; one that is gone (or whose item is) leaves the index. */
export async function indexRows(db: Conn, kind: SearchKind, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const sources = await load(db, kind, { ids, limit: ids.length });
  const found = new Set(sources.map((s) => s.refId));
  const gone = ids.filter((id) => !found.has(id));
  if (gone.length) await db.deleteFrom('search_entries').where('kind', '=', kind).where('ref_id', 'in', gone).execute();
  await write(db, sources);
}

export async function indexRow(db: Conn, kind: SearchKind, id: number): Promise<void> {
  await indexRows(db, kind, [id]);
}

/**
 * Comments just written, indexed from what their writer already holds (the item's title, the
 * consultation's year): one statement in the comments' transaction instead of reading the new rows
 * back through three tables first. The entries are those `indexRows(db, 'comment', ids)` writes.
 */
export async function indexNewComments(
  tx: Tx,
  comments: readonly { id: number; itemId: number; consultationId: number; year: number; itemTitle: string; body: string; createdAt: string }[],
): Promise<void> {
  await write(
    tx,
    comments.map((c) => ({
      kind: 'comment',
      refId: c.id,
      itemId: c.itemId,
      consultationId: c.consultationId,
      orgId: null,
      year: c.year,
      title: c.itemTitle,
      body: c.body,
      updatedAt: c.createdAt,
    })),
  );
}

/**
 * Items just inserted, indexed from what their writer holds (and their consultations' years, one
 * query) rather than read back through two tables: the entries indexRows(db, 'item', ids) writes.
 */
export async function indexNewItems(
  db: Conn,
  items: readonly { id: number; consultationId: number; title: string; content: string; domain: string; responsible: string; progressNote: string | null; updatedAt: string }[],
): Promise<void> {
  if (!items.length) return;
  const consultationIds = [...new Set(items.map((i) => i.consultationId))];
  const years = new Map((await db.selectFrom('consultations').select(['id', 'year']).where('id', 'in', consultationIds).execute()).map((c) => [c.id, c.year]));
  const sources: Source[] = items.map((i) => ({
    kind: 'item',
    refId: i.id,
    itemId: i.id,
    consultationId: i.consultationId,
    orgId: null,
    year: years.get(i.consultationId) ?? null,
    title: i.title,
    body: join(i.content, i.domain, i.responsible, i.progressNote),
    updatedAt: i.updatedAt,
  }));
  for (let at = 0; at < sources.length; at += NEW_ITEMS_CHUNK) await write(db, sources.slice(at, at + NEW_ITEMS_CHUNK));
}

/** Entries per statement when indexing new items: eleven parameters each, far below either database's limit. */
const NEW_ITEMS_CHUNK = 500;

export async function dropRow(db: Conn, kind: SearchKind, id: number): Promise<void> {
  await db.deleteFrom('search_entries').where('kind', '=', kind).where('ref_id', '=', id).execute();
}

/** A deleted item takes its comments, reports and notices out of the search with it. */
export async function dropItem(db: Conn, itemId: number): Promise<void> {
  await db.deleteFrom('search_entries').where('item_id', '=', itemId).execute();
}

/** Everything indexed afresh, for data written around the services (the demo seed, the benchmark's generator). */
export async function rebuildSearchIndex(db: Conn): Promise<number> {
  const KINDS: SearchKind[] = ['item', 'need', 'comment', 'report', 'meeting', 'notice', 'announcement', 'project'];
  let count = 0;
  await db.deleteFrom('search_entries').execute();
  for (const kind of KINDS) {
    let afterId = 0;
    for (;;) {
      const batch = await load(db, kind, { afterId, limit: 500 });
      if (!batch.length) break;
      await write(db, batch);
      count += batch.length;
      afterId = batch[batch.length - 1].refId;
    }
  }
  // PostgreSQL plans a search by how common its words are (the vector's element statistics): after
  // a bulk rebuild, stale ones make it fetch and sort every match of a common word instead of
  // walking the newest rows. SQLite's plans do not depend on statistics here.
  // Its GIN index also holds the rebuilt rows in a pending list that each search reads through until
  // it is merged; merged now, the first searches after a rebuild do not pay for it.
  if (dialectOf(db) === 'postgres') {
    await sql`analyze search_entries`.execute(db);
    await sql`select gin_clean_pending_list('search_entries_document'::regclass)`.execute(db);
  }
  return count;
}

/** An item's entry and those that show its title (its comments, reports and notices). */
export async function indexItem(db: Conn, itemId: number): Promise<void> {
  await indexRow(db, 'item', itemId);
  const children = await db.selectFrom('search_entries').select(['kind', 'ref_id']).where('item_id', '=', itemId).where('kind', '!=', 'item').execute();
  for (const kind of ['comment', 'report', 'notice'] as const) {
    await indexRows(
      db,
      kind,
      children.filter((c) => c.kind === kind).map((c) => c.ref_id),
    );
  }
}

/** A consultation's year and title are part of its rows' entries (the year filter, the minutes' title). */
export async function consultationRenamed(db: Conn, consultationId: number): Promise<void> {
  const c = await db.selectFrom('consultations').select('year').where('id', '=', consultationId).executeTakeFirst();
  if (!c) return;
  await db.updateTable('search_entries').set({ year: c.year }).where('consultation_id', '=', consultationId).where('year', '!=', c.year).execute();
  const meetings = await db.selectFrom('meetings').select('id').where('consultation_id', '=', consultationId).execute();
  await indexRows(
    db,
    'meeting',
    meetings.map((m) => m.id),
  );
}
