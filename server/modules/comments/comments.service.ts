import { ATTACHMENT_LIMITS, type Attachment } from '../../../domain/attachments.js';
import type { Comment, CommentCreate } from '../../../domain/comments.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { attachmentsOf, countAttachments, storeAttachment, type IncomingFile } from '../../platform/attachments.js';
import { recordAudit } from '../../platform/audit.js';
import { takeLaneAhead } from '../../platform/audit-chain.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { assertCanRead, sideOf } from '../consultations/consultations.policy.js';
import { canComment } from './comments.policy.js';
import * as repo from './comments.repo.js';

/** The item and its consultation's parties, or 404 when either is missing or outside the caller's scope. */
async function visibleItem(db: Db | Tx, actor: Actor, itemId: number, what = '事项') {
  assertCanRead(actor);
  const found = await repo.findVisibleItem(db, actor, itemId);
  if (!found) throw notFound(what);
  return found;
}

/** A comment of this very item; one from another item is as absent as a missing one. */
async function commentOfItem(db: Db | Tx, itemId: number, commentId: number) {
  const row = await repo.getCommentRow(db, commentId);
  if (!row || row.item_id !== itemId) throw notFound('意见');
  return row;
}

export async function listComments(deps: Deps, actor: Actor, itemId: number) {
  await visibleItem(deps.db, actor, itemId);
  const rows = await repo.listCommentRows(deps.db, itemId);
  const files = await attachmentsOf(
    deps.db,
    'item_comment',
    rows.map((r) => r.id),
  );
  // A thread is short enough to come whole; the cursor is there so paging can arrive without a new shape.
  return { data: rows.map((r) => repo.presentComment(r, files.get(r.id) ?? [])), nextCursor: null };
}

export async function createComment(deps: Deps, ctx: RequestContext, itemId: number, input: CommentCreate): Promise<Comment> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    // Asked ahead, they travel with the item's query (PostgreSQL), and the rest with the COMMIT. A
    // request refused below has then held a lane and used a sequence number for one round trip: cheap.
    const reservedId = repo.reserveCommentId(tx);
    takeLaneAhead(tx);
    const { item, parties } = await visibleItem(tx, ctx.actor, itemId);
    if (!canComment(ctx.actor, parties)) throw forbidden('只有会商双方的联络员、承办人和领导可以发表意见');
    const parentId = input.parentId ?? null;
    if (parentId !== null) {
      const parent = await repo.getCommentRow(tx, parentId);
      if (!parent || parent.item_id !== itemId) {
        throw new AppError('UNPROCESSABLE', '回复的意见不属于这个事项', [{ field: 'body.parentId', message: '不是本事项的意见' }]);
      }
    }
    const id = await repo.insertComment(
      tx,
      { id: await reservedId, itemId, parentId, body: input.body, authorId: ctx.actor.userId, authorOrgId: ctx.actor.orgId, side: sideOf(ctx.actor, parties), now },
      { consultationId: item.consultation_id, year: item.year, title: item.title },
    );
    // What a read of the new row would give: the author is the caller, whose names the actor carries.
    const row: repo.CommentRow = {
      id,
      item_id: itemId,
      parent_id: parentId,
      body: input.body,
      side: sideOf(ctx.actor, parties),
      created_at: now,
      author_id: ctx.actor.userId,
      author_name: ctx.actor.displayName,
      author_org_name: ctx.actor.orgName,
    };
    await recordAudit(tx, ctx, now, {
      action: 'comment.create',
      entityType: 'item_comment',
      entityId: id,
      after: { itemId, parentId, side: row.side, body: row.body },
    });
    return repo.presentComment(row, []);
  });
}

/** Checks who may attach before a byte of the upload is read, then stores it. */
export async function attachFile(deps: Deps, ctx: RequestContext, itemId: number, commentId: number, receive: () => Promise<IncomingFile>): Promise<Attachment> {
  await visibleItem(deps.db, ctx.actor, itemId);
  const comment = await commentOfItem(deps.db, itemId, commentId);
  if (comment.author_id !== ctx.actor.userId) throw forbidden('只有意见的发表人可以为其上传附件');
  const owner = { type: 'item_comment' as const, id: commentId };
  if ((await countAttachments(deps.db, owner)) >= ATTACHMENT_LIMITS.perCommentMax) {
    throw new AppError('UNPROCESSABLE', `每条意见最多 ${ATTACHMENT_LIMITS.perCommentMax} 个附件`);
  }
  return storeAttachment(deps, ctx, owner, await receive());
}

/** For the attachment download: may the caller read this comment's item? Throws 404 otherwise. */
export async function assertCommentReadable(db: Db | Tx, actor: Actor, commentId: number): Promise<void> {
  const comment = await repo.getCommentRow(db, commentId);
  if (!comment) throw notFound('附件');
  await visibleItem(db, actor, comment.item_id, '附件');
}
