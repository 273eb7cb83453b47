import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { Converter } from 'opencc-js/t2cn';

// Frozen in time: this file must never import application code. The tokens written here must be
// what the application writes for the same text; the rules are copied from the search module as it
// stood when this migration was written.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /(?:(?=[\p{L}\p{N}])\p{Script=Han})+/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Latin words and numbers whole; each run of Han characters as its bigrams and its last character. */
function tokenizer(): (text: string) => string {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const toSimplified = Converter({ from: 'tw', to: 'cn' });
  const words = (s: string, out: string[]) => {
    for (const seg of segmenter.segment(s)) {
      if (!seg.isWordLike || HAN.test(seg.segment) || !WORDLIKE.test(seg.segment)) continue;
      out.push(
        ...seg.segment
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean)
          .map((w) => w.slice(0, 60)),
      );
    }
  };
  return (text) => {
    let s = text.normalize('NFKC').toLowerCase();
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(s)) s = toSimplified(s);
    const out: string[] = [];
    let at = 0;
    for (const m of s.matchAll(HAN_RUN)) {
      words(s.slice(at, m.index), out);
      const han = [...m[0]];
      for (let i = 0; i + 1 < han.length; i++) out.push(han[i]! + han[i + 1]!);
      out.push(han[han.length - 1]!);
      at = m.index + m[0].length;
    }
    words(s.slice(at), out);
    return out.join(' ');
  };
}

function plainText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

const join = (...parts: (string | null | undefined)[]) => parts.filter((p) => p && p.trim()).join('\n');
const yearOf = (iso: string | null | undefined) => (iso && /^\d{4}/.test(iso) ? Number(iso.slice(0, 4)) : null);

interface Entry {
  kind: string;
  ref_id: number;
  item_id: number | null;
  consultation_id: number | null;
  org_id: number | null;
  year: number | null;
  title: string;
  body: string;
  updated_at: string;
}

type Row = Record<string, any>;

/** Each kind: the query of its rows (ordered by the row id, aliased `id`) and how a row becomes an entry. */
function sources(db: Kysely<any>): { table: string; query: () => any; entry: (r: Row) => Entry }[] {
  return [
    {
      table: 'i',
      query: () =>
        db
          .selectFrom('items as i')
          .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
          .select(['i.id', 'i.consultation_id', 'c.year', 'i.title', 'i.content', 'i.domain', 'i.responsible', 'i.progress_note', 'i.updated_at'])
          .where('i.deleted_at', 'is', null),
      entry: (r) => ({
        kind: 'item',
        ref_id: r.id,
        item_id: r.id,
        consultation_id: r.consultation_id,
        org_id: null,
        year: r.year,
        title: r.title,
        body: join(r.content, r.domain, r.responsible, r.progress_note),
        updated_at: r.updated_at,
      }),
    },
    {
      table: 'n',
      query: () =>
        db
          .selectFrom('needs as n')
          .innerJoin('consultations as c', 'c.id', 'n.consultation_id')
          .select(['n.id', 'n.consultation_id', 'c.year', 'n.title', 'n.description', 'n.domain', 'n.updated_at']),
      entry: (r) => ({
        kind: 'need',
        ref_id: r.id,
        item_id: null,
        consultation_id: r.consultation_id,
        org_id: null,
        year: r.year,
        title: r.title,
        body: join(r.description, r.domain),
        updated_at: r.updated_at,
      }),
    },
    {
      table: 'm',
      query: () =>
        db
          .selectFrom('item_comments as m')
          .innerJoin('items as i', 'i.id', 'm.item_id')
          .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
          .select(['m.id', 'm.item_id', 'i.consultation_id', 'c.year', 'i.title', 'm.body', 'm.created_at'])
          .where('m.deleted_at', 'is', null)
          .where('i.deleted_at', 'is', null),
      entry: (r) => ({
        kind: 'comment',
        ref_id: r.id,
        item_id: r.item_id,
        consultation_id: r.consultation_id,
        org_id: null,
        year: r.year,
        title: r.title,
        body: r.body,
        updated_at: r.created_at,
      }),
    },
    {
      table: 'r',
      query: () =>
        db
          .selectFrom('progress_reports as r')
          .innerJoin('items as i', 'i.id', 'r.item_id')
          .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
          .select(['r.id', 'r.item_id', 'i.consultation_id', 'c.year', 'i.title', 'r.period', 'r.progress_html', 'r.problems', 'r.next_steps', 'r.updated_at'])
          .where('i.deleted_at', 'is', null),
      entry: (r) => ({
        kind: 'report',
        ref_id: r.id,
        item_id: r.item_id,
        consultation_id: r.consultation_id,
        org_id: null,
        year: r.year,
        title: `${r.title}（${r.period}）`,
        body: join(plainText(r.progress_html), r.problems, r.next_steps),
        updated_at: r.updated_at,
      }),
    },
    {
      table: 'm',
      query: () =>
        db
          .selectFrom('meetings as m')
          .innerJoin('consultations as c', 'c.id', 'm.consultation_id')
          .select(['m.id', 'm.consultation_id', 'c.year', 'c.title', 'm.held_on', 'm.venue', 'm.agenda', 'm.minutes_html', 'm.updated_at']),
      entry: (r) => ({
        kind: 'meeting',
        ref_id: r.id,
        item_id: null,
        consultation_id: r.consultation_id,
        org_id: null,
        year: r.year,
        title: `${r.title} · ${r.held_on} ${r.venue}`,
        body: join(r.agenda, plainText(r.minutes_html)),
        updated_at: r.updated_at,
      }),
    },
    {
      table: 'n',
      query: () =>
        db
          .selectFrom('supervision_notices as n')
          .innerJoin('items as i', 'i.id', 'n.item_id')
          .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
          .select(['n.id', 'n.item_id', 'i.consultation_id', 'c.year', 'i.title', 'n.reason', 'n.requirements', 'n.response_text', 'n.updated_at'])
          .where('i.deleted_at', 'is', null),
      entry: (r) => ({
        kind: 'notice',
        ref_id: r.id,
        item_id: r.item_id,
        consultation_id: r.consultation_id,
        org_id: null,
        year: r.year,
        title: `督办：${r.title}`,
        body: join(r.reason, r.requirements, r.response_text),
        updated_at: r.updated_at,
      }),
    },
    {
      table: 'a',
      query: () => db.selectFrom('announcements as a').select(['a.id', 'a.org_id', 'a.title', 'a.body', 'a.created_at', 'a.published_at', 'a.updated_at']),
      entry: (r) => ({
        kind: 'announcement',
        ref_id: r.id,
        item_id: null,
        consultation_id: null,
        org_id: r.org_id,
        year: yearOf(r.published_at ?? r.created_at),
        title: r.title,
        body: plainText(r.body),
        updated_at: r.updated_at,
      }),
    },
    {
      table: 'p',
      query: () => db.selectFrom('projects as p').select(['p.id', 'p.host_org_id', 'p.name', 'p.type', 'p.summary', 'p.start_date', 'p.updated_at']),
      entry: (r) => ({
        kind: 'project',
        ref_id: r.id,
        item_id: null,
        consultation_id: null,
        org_id: r.host_org_id,
        year: yearOf(r.start_date),
        title: r.name,
        body: join(r.summary, r.type),
        updated_at: r.updated_at,
      }),
    },
  ];
}

/**
 * 全文检索: one row per searchable row of the other tables, with its segmented, simplified tokens.
 * SQLite indexes them with FTS5 (an external-content table kept current by triggers on this one);
 * PostgreSQL with a GIN index over their tsvector, a stored generated column. Existing rows are indexed here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = db.schema.createTable('search_entries');
  await (isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'integer')
    .addColumn('consultation_id', 'integer')
    .addColumn('org_id', 'integer')
    .addColumn('year', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('title_tokens', 'text', (c) => c.notNull())
    .addColumn('body_tokens', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('search_entries_ref', ['kind', 'ref_id'])
    .execute();
  await db.schema.createIndex('search_entries_item').on('search_entries').column('item_id').execute();
  await db.schema.createIndex('search_entries_consultation').on('search_entries').columns(['consultation_id', 'year']).execute();

  if (isPg(db)) {
    // Stored, not only indexed: a phrase match is rechecked against the row's vector and ranking reads
    // it too, and computing it from the tokens per row costs more than the rest of a search.
    await sql`alter table search_entries add column document tsvector generated always as (setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')) stored`.execute(
      db,
    );
    await sql`create index search_entries_document on search_entries using gin (document)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(title_tokens, body_tokens, content='search_entries', content_rowid='id')`.execute(db);
    await sql`create trigger search_entries_ai after insert on search_entries begin
      insert into search_fts(rowid, title_tokens, body_tokens) values (new.id, new.title_tokens, new.body_tokens);
    end`.execute(db);
    await sql`create trigger search_entries_ad after delete on search_entries begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens) values ('delete', old.id, old.title_tokens, old.body_tokens);
    end`.execute(db);
    await sql`create trigger search_entries_au after update on search_entries begin
      insert into search_fts(search_fts, rowid, title_tokens, body_tokens) values ('delete', old.id, old.title_tokens, old.body_tokens);
      insert into search_fts(rowid, title_tokens, body_tokens) values (new.id, new.title_tokens, new.body_tokens);
    end`.execute(db);
  }

  const tokens = tokenizer();
  for (const s of sources(db)) {
    let afterId = 0;
    for (;;) {
      const rows: Row[] = await s.query().where(`${s.table}.id`, '>', afterId).orderBy(`${s.table}.id`).limit(500).execute();
      if (!rows.length) break;
      const values = rows.map((r) => {
        const e = s.entry(r);
        const title = e.title.slice(0, 20_000);
        const body = e.body.slice(0, 20_000);
        return { ...e, title, body, title_tokens: tokens(title), body_tokens: tokens(body) };
      });
      await db.insertInto('search_entries').values(values).execute();
      afterId = rows[rows.length - 1].id;
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPg(db)) {
    await sql`drop trigger search_entries_au`.execute(db);
    await sql`drop trigger search_entries_ad`.execute(db);
    await sql`drop trigger search_entries_ai`.execute(db);
    await sql`drop table search_fts`.execute(db);
  }
  await db.schema.dropTable('search_entries').execute();
}
