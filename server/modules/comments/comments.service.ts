import { ATTACHMENT_LIMITS, type Attachment } from '../../../domain/attachments.js';
import type { Comment, CommentCreate } from '../../../domain/comments.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { attachmentsOf, countAttachments, storeAttachment, type IncomingFile } from '../../platform/attachments.js';
import { recordAuditsOfRequests } from '../../platform/audit.js';
import { takeLaneAhead } from '../../platform/audit-chain.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { type Batcher, batcher, inBatchTransaction, leftNothingBehind, type Outcome, paddedIds } from '../../platform/batches.js';
import { assertCanRead, sideOf, visibilityKey } from '../consultations/consultations.policy.js';
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

type CommentRequest = { ctx: RequestContext; itemId: number; input: CommentCreate };

/** Comments go in through one group commit per app (batches.ts): under load, several to a transaction. */
const writers = new WeakMap<Deps, Batcher<CommentRequest, Comment>>();

/**
 * Two transactions at once leave the pool's other connections to readers; 32 comments to a
 * transaction keep its statements small.
 */
const BATCH = { maxBatch: 32, maxInFlight: 2, maxWaiting: 2_000, busy: () => new AppError('DATABASE_UNAVAILABLE', '服务繁忙，请稍后再发表'), retryAlone: leftNothingBehind };

export function createComment(deps: Deps, ctx: RequestContext, itemId: number, input: CommentCreate): Promise<Comment> {
  let writer = writers.get(deps);
  if (!writer) writers.set(deps, (writer = batcher({ ...BATCH, run: (requests) => writeComments(deps, requests) })));
  return writer.submit({ ctx, itemId, input });
}

/** What a request may write, or the error it is refused with: its own, which leaves the others of its batch standing. */
function check(r: CommentRequest, found: repo.VisibleItem | undefined, parent: repo.CommentRow | undefined): repo.VisibleItem {
  assertCanRead(r.ctx.actor);
  if (!found) throw notFound('事项');
  if (!canComment(r.ctx.actor, found.parties)) throw forbidden('只有会商双方的联络员、承办人和领导可以发表意见');
  if (r.input.parentId != null && (!parent || parent.item_id !== r.itemId)) {
    throw new AppError('UNPROCESSABLE', '回复的意见不属于这个事项', [{ field: 'body.parentId', message: '不是本事项的意见' }]);
  }
  return found;
}

/** The items each request names, as its caller may see them: one query per caller (usually one for the whole batch). */
async function itemsOf(tx: Tx, requests: CommentRequest[]) {
  const callers = new Map<string, { actor: Actor; ids: Set<number> }>();
  for (const r of requests) {
    const key = visibilityKey(r.ctx.actor);
    let c = callers.get(key);
    if (!c) callers.set(key, (c = { actor: r.ctx.actor, ids: new Set() }));
    c.ids.add(r.itemId);
  }
  // Asked ahead, they travel together (PostgreSQL), with the new ids and the audit lane asked before them.
  const asked = [...callers].map(async ([key, c]) => [key, await repo.findVisibleItems(tx, c.actor, paddedIds([...c.ids]), { ahead: true })] as const);
  const found = new Map(await Promise.all(asked));
  return (r: CommentRequest) => found.get(visibilityKey(r.ctx.actor))!.get(r.itemId);
}

/** Writes the requests' comments in one transaction: each checked on its own, each with its search entry and audit row. */
async function writeComments(deps: Deps, requests: CommentRequest[]): Promise<Outcome<Comment>[]> {
  const now = deps.clock.now().toISOString();
  return inBatchTransaction(deps.db, async (tx) => {
    // A request refused below has then used a sequence number and the batch held a lane for one round trip: cheap.
    const reservedIds = repo.reserveCommentIds(tx, requests.length);
    takeLaneAhead(tx);
    const itemOf = await itemsOf(tx, requests);
    const parentIds = requests.flatMap((r) => (r.input.parentId == null ? [] : [r.input.parentId]));
    const parents = new Map((await repo.getCommentRows(tx, [...new Set(parentIds)])).map((c) => [c.id, c]));
    const reserved = await reservedIds;
    const outcomes: Outcome<Comment>[] = [];
    const accepted: { at: number; r: CommentRequest; row: repo.CommentOnItem }[] = [];
    requests.forEach((r, at) => {
      try {
        const { item, parties } = check(r, itemOf(r), r.input.parentId == null ? undefined : parents.get(r.input.parentId));
        const side = sideOf(r.ctx.actor, parties);
        const { userId, orgId } = r.ctx.actor;
        const row = {
          id: reserved?.[accepted.length] ?? null,
          itemId: r.itemId,
          parentId: r.input.parentId ?? null,
          body: r.input.body,
          authorId: userId,
          authorOrgId: orgId,
          side,
          now,
        };
        accepted.push({ at, r, row: { ...row, item: { consultationId: item.consultation_id, year: item.year, title: item.title } } });
      } catch (error) {
        outcomes[at] = { ok: false, error };
      }
    });
    if (!accepted.length) return outcomes;
    const ids = await repo.insertComments(
      tx,
      accepted.map((a) => a.row),
    );
    await recordAuditsOfRequests(
      tx,
      now,
      accepted.map(({ r, row }, i) => ({
        ctx: r.ctx,
        entry: { action: 'comment.create', entityType: 'item_comment', entityId: ids[i]!, after: { itemId: row.itemId, parentId: row.parentId, side: row.side, body: row.body } },
      })),
    );
    accepted.forEach(({ at, r, row }, i) => {
      // What a read of the new row would give: the author is the caller, whose names the actor carries.
      const comment: repo.CommentRow = {
        id: ids[i]!,
        item_id: row.itemId,
        parent_id: row.parentId,
        body: row.body,
        side: row.side,
        created_at: now,
        author_id: r.ctx.actor.userId,
        author_name: r.ctx.actor.displayName,
        author_org_name: r.ctx.actor.orgName,
      };
      outcomes[at] = { ok: true, value: repo.presentComment(comment, []) };
    });
    return outcomes;
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
