import type { Comment } from '../../../domain/comments.js';
import type { Attachment } from '../../../domain/attachments.js';
import type { Actor } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import { sql } from 'kysely';
import { dialectOf } from '../../platform/db-helpers.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { type Party, visibilityKey, visibleToActor } from '../consultations/consultations.policy.js';
import { indexNewComment } from '../search/search.index.js';

type Conn = Db | Tx;

/**
 * The live item a comment thread hangs on, if its consultation is in the caller's scope: with its
 * title and the consultation's year, which a new comment's search entry shows, and the
 * consultation's parties, which decide who may comment. One query for the item, the scope check
 * and the parties (one row per party, in the order consultations.repo's partiesOf gives them).
 */
const findVisibleItemQuery = reusableQuery((db, p: { itemId: number }, actor: Actor) =>
  db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .leftJoin('consultation_parties as p', 'p.consultation_id', 'c.id')
    .leftJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['i.id', 'i.consultation_id', 'i.title', 'c.year', 'p.org_id', 'p.side', 'o.name as org_name', 'o.path as org_path'])
    .where('i.id', '=', p.itemId)
    .where('i.deleted_at', 'is', null)
    .where((eb) => visibleToActor(eb, actor))
    .orderBy('p.side')
    .orderBy('o.sort_order')
    .orderBy('o.id'),
);

export async function findVisibleItem(
  db: Conn,
  actor: Actor,
  itemId: number,
): Promise<{ item: { id: number; consultation_id: number; title: string; year: number }; parties: Party[] } | undefined> {
  const rows = await findVisibleItemQuery.run(db, { itemId }, actor, visibilityKey(actor));
  if (!rows.length) return undefined;
  const { id, consultation_id, title, year } = rows[0]!;
  const parties: Party[] = [];
  for (const r of rows) {
    if (r.org_id !== null && r.side !== null && r.org_name !== null && r.org_path !== null) {
      parties.push({ orgId: r.org_id, orgName: r.org_name, orgPath: r.org_path, side: r.side });
    }
  }
  return { item: { id, consultation_id, title, year }, parties };
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

type NewComment = { itemId: number; parentId: number | null; body: string; authorId: number; authorOrgId: number; side: 'host' | 'partner' | null; now: string };

function insertCommentRow(db: Conn, v: NewComment & { id?: number }) {
  return db.insertInto('item_comments').values({
    ...(v.id === undefined ? {} : { id: v.id }),
    item_id: v.itemId,
    parent_id: v.parentId,
    body: v.body,
    author_id: v.authorId,
    author_org_id: v.authorOrgId,
    side: v.side,
    created_at: v.now,
    deleted_at: null,
  });
}

// Every comment goes through one of these: built once per shape (reusable-query.ts). SQLite reads the
// new id back; PostgreSQL gives it (reserved ahead) and sends the insert ahead, asking for nothing back.
const insertCommentQuery = reusableQuery((db, v: NewComment) => insertCommentRow(db, v).returning('id'));
const insertCommentWithIdQuery = reusableQuery((db, v: NewComment & { id: number }) => insertCommentRow(db, v));

const nextCommentIdQuery = reusableQuery((db, _p: Record<string, never>) => db.selectNoFrom(sql<number>`nextval('item_comments_id_seq')`.as('id')));

/**
 * PostgreSQL: the id the transaction's new comment will have, asked for ahead (with the statement
 * that follows), so the insert, its search entry and its audit row need no answer and all travel
 * with the COMMIT. SQLite (null): the insert gives the id, at no cost of a round trip.
 */
export function reserveCommentId(tx: Tx): Promise<number | null> {
  if (dialectOf(tx) !== 'postgres') return Promise.resolve(null);
  const id = nextCommentIdQuery.ask(tx, {}).then(([row]) => Number(row!.id));
  // Not awaited when the transaction fails first: its error is the transaction's.
  id.catch(() => {});
  return id;
}

export async function insertComment(tx: Tx, v: NewComment & { id: number | null }, item: { consultationId: number; year: number; title: string }): Promise<number> {
  const { id: reserved, ...row } = v;
  let id = reserved;
  if (id === null) id = (await insertCommentQuery.run(tx, row))[0]!.id;
  else await insertCommentWithIdQuery.send(tx, { ...row, id });
  await indexNewComment(tx, { id, itemId: v.itemId, consultationId: item.consultationId, year: item.year, itemTitle: item.title, body: v.body, createdAt: v.now });
  return id;
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
