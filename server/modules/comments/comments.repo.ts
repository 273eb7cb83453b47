import type { Comment } from '../../../domain/comments.js';
import type { Attachment } from '../../../domain/attachments.js';
import type { Actor } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Database } from '../../platform/db-schema.js';
import { sql } from 'kysely';
import { dialectOf, insertRows } from '../../platform/db-helpers.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { type Party, visibilityKey, visibleToActor } from '../consultations/consultations.policy.js';
import { indexNewComments } from '../search/search.index.js';

type Conn = Db | Tx;

/**
 * The live items a comment thread hangs on, of those whose consultation is in the caller's scope: with
 * its title and the consultation's year, which a new comment's search entry shows, and the
 * consultation's parties, which decide who may comment. One query for the items, the scope check
 * and the parties (one row per party, in the order consultations.repo's partiesOf gives them).
 */
const findVisibleItemsQuery = reusableQuery((db, p: { itemIds: number[] }, actor: Actor) =>
  db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .leftJoin('consultation_parties as p', 'p.consultation_id', 'c.id')
    .leftJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['i.id', 'i.consultation_id', 'i.title', 'c.year', 'p.org_id', 'p.side', 'o.name as org_name', 'o.path as org_path'])
    .where('i.id', 'in', p.itemIds)
    .where('i.deleted_at', 'is', null)
    .where((eb) => visibleToActor(eb, actor))
    .orderBy('i.id')
    .orderBy('p.side')
    .orderBy('o.sort_order')
    .orderBy('o.id'),
);

export type VisibleItem = { item: { id: number; consultation_id: number; title: string; year: number }; parties: Party[] };

/**
 * The items of these ids the caller may see, by id; one missing, deleted or out of scope is absent.
 * With `ahead`, inside a PostgreSQL transaction the query travels with the transaction's next statement.
 */
export async function findVisibleItems(db: Conn, actor: Actor, itemIds: number[], o: { ahead?: boolean } = {}): Promise<Map<number, VisibleItem>> {
  const rows = o.ahead
    ? await findVisibleItemsQuery.ask(db, { itemIds }, actor, visibilityKey(actor))
    : await findVisibleItemsQuery.run(db, { itemIds }, actor, visibilityKey(actor));
  const found = new Map<number, VisibleItem>();
  for (const r of rows) {
    let v = found.get(r.id);
    if (!v) found.set(r.id, (v = { item: { id: r.id, consultation_id: r.consultation_id, title: r.title, year: r.year }, parties: [] }));
    if (r.org_id !== null && r.side !== null && r.org_name !== null && r.org_path !== null) {
      v.parties.push({ orgId: r.org_id, orgName: r.org_name, orgPath: r.org_path, side: r.side });
    }
  }
  return found;
}

export async function findVisibleItem(db: Conn, actor: Actor, itemId: number): Promise<VisibleItem | undefined> {
  return (await findVisibleItems(db, actor, [itemId])).get(itemId);
}

function base(db: Conn) {
  return db
    .selectFrom('item_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .innerJoin('organisations as o', 'o.id', 'c.author_org_id')
    .select(['c.id', 'c.item_id', 'c.parent_id', 'c.body', 'c.side', 'c.created_at', 'c.author_id', 'u.display_name as author_name', 'o.name as author_org_name'])
    .where('c.deleted_at', 'is', null);
}

export async function getCommentRow(db: Conn, id: number) {
  return base(db).where('c.id', '=', id).executeTakeFirst();
}

export type CommentRow = NonNullable<Awaited<ReturnType<typeof getCommentRow>>>;

export async function listCommentRows(db: Conn, itemId: number) {
  return base(db).where('c.item_id', '=', itemId).orderBy('c.id').execute();
}

export async function getCommentRows(db: Conn, ids: number[]) {
  return ids.length ? base(db).where('c.id', 'in', ids).execute() : [];
}

type NewComment = { id: number | null; itemId: number; parentId: number | null; body: string; authorId: number; authorOrgId: number; side: 'host' | 'partner' | null; now: string };

const COMMENT_COLUMNS = ['id', 'item_id', 'parent_id', 'body', 'author_id', 'author_org_id', 'side', 'created_at', 'deleted_at'] as const;

const commentValues = (v: NewComment) => ({
  ...(v.id === null ? {} : { id: v.id }),
  item_id: v.itemId,
  parent_id: v.parentId,
  body: v.body,
  author_id: v.authorId,
  author_org_id: v.authorOrgId,
  side: v.side,
  created_at: v.now,
  deleted_at: null,
});

// SQLite reads each new id back, one statement each, built once per shape (reusable-query.ts).
const insertCommentQuery = reusableQuery((db, v: Omit<NewComment, 'id'>) =>
  db
    .insertInto('item_comments')
    .values(commentValues({ ...v, id: null }))
    .returning('id'),
);

const nextCommentIdsQuery = reusableQuery((db, p: { n: number }) =>
  db.selectFrom(sql<{ n: number }>`generate_series(1, ${p.n}::int)`.as('g')).select(sql<number>`nextval('item_comments_id_seq')`.as('id')),
);

/**
 * PostgreSQL: the ids of the transaction's new comments, asked for ahead (with the statement that
 * follows), so the inserts, their search entries and their audit rows need no answer and all travel
 * with the COMMIT. SQLite (null): each insert gives its id, at no cost of a round trip.
 */
export function reserveCommentIds(tx: Tx, n: number): Promise<number[] | null> {
  if (dialectOf(tx) !== 'postgres') return Promise.resolve(null);
  const ids = nextCommentIdsQuery.ask(tx, { n }).then((rows) => rows.map((r) => Number(r.id)).sort((a, b) => a - b));
  // Not awaited when the transaction fails first: its error is the transaction's.
  ids.catch(() => {});
  return ids;
}

export type CommentOnItem = NewComment & { item: { consultationId: number; year: number; title: string } };

/** Inserts the comments (ids reserved on PostgreSQL, given by the insert on SQLite) and their search entries; their ids in order. */
export async function insertComments(tx: Tx, comments: CommentOnItem[]): Promise<number[]> {
  let ids: number[];
  if (comments.every((c) => c.id !== null)) {
    ids = comments.map((c) => c.id!);
    await insertRows<Database>(tx, 'item_comments', COMMENT_COLUMNS, comments.map(commentValues), undefined, { ahead: true });
  } else {
    ids = [];
    for (const { id: _none, item: _item, ...row } of comments) ids.push((await insertCommentQuery.run(tx, row))[0]!.id);
  }
  await indexNewComments(
    tx,
    comments.map((c, i) => ({ id: ids[i]!, itemId: c.itemId, consultationId: c.item.consultationId, year: c.item.year, itemTitle: c.item.title, body: c.body, createdAt: c.now })),
  );
  return ids;
}

export function presentComment(r: CommentRow, attachments: Attachment[]): Comment {
  return {
    id: r.id,
    itemId: r.item_id,
    parentId: r.parent_id,
    body: r.body,
    author: { id: r.author_id, displayName: r.author_name, orgName: r.author_org_name },
    side: r.side,
    createdAt: r.created_at,
    attachments,
  };
}
