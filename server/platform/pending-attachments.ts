import { ATTACHMENT_LIMITS } from '../../domain/attachments.js';
import type { Config } from '../config.js';
import type { RequestContext } from './actor.js';
import { removeStoredFiles, type AttachmentOwner } from './attachments.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import type { Db, Tx } from './db.js';
import type { Deps } from './deps.js';
import { AppError, notFound } from './errors.js';

/**
 * A form that takes files (a report with its evidence) lets them upload while the form is still being
 * written: each is stored under a pending owner and belongs to its uploader alone until the form is
 * saved, when one UPDATE in the form's transaction moves it to the saved record. A form that fails
 * rolls the move back, so nothing is ever half-bound; a form never saved leaves files the sweep takes.
 */
export const PENDING_OWNER_TYPES = ['report_draft'] as const;
export type PendingOwner = AttachmentOwner & { type: (typeof PENDING_OWNER_TYPES)[number] };

/** Pending files created before this moment are past claiming. */
export function pendingCutoff(now: Date): string {
  return new Date(now.getTime() - ATTACHMENT_LIMITS.pendingHours * 3_600_000).toISOString();
}

export async function countPending(db: Db | Tx, owner: PendingOwner, uploadedBy: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .where('uploaded_by', '=', uploadedBy)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves the caller's own, still-claimable pending files to their record. Any id that is not one of
 * them (someone else's, already bound, swept, or never there) fails the whole call, which the
 * caller's transaction then rolls back; which ids failed is said, not why, so nothing leaks.
 */
export async function bindPending(tx: Tx, p: { from: PendingOwner; to: AttachmentOwner; ids: readonly number[]; uploadedBy: number; since: string }): Promise<void> {
  if (p.ids.length === 0) return;
  const moved = await tx
    .updateTable('attachments')
    .set({ owner_type: p.to.type, owner_id: p.to.id })
    .where('id', 'in', [...p.ids])
    .where('owner_type', '=', p.from.type)
    .where('owner_id', '=', p.from.id)
    .where('uploaded_by', '=', p.uploadedBy)
    .where('created_at', '>=', p.since)
    .returning('id')
    .execute();
  if (moved.length === p.ids.length) return;
  const ok = new Set(moved.map((r) => r.id));
  const missing = p.ids.filter((id) => !ok.has(id));
  throw new AppError(
    'EVIDENCE_UNAVAILABLE',
    '有佐证材料已失效（已过期、已被使用或不是本人上传），请移除后重新上传',
    missing.map((id) => ({ field: 'body.evidenceIds', message: `附件 ${id} 不可用` })),
  );
}

/** The uploader takes back one of their pending files before saving the form; anyone else gets 404. */
export async function discardPending(deps: Deps, ctx: RequestContext, type: PendingOwner['type'], id: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  const key = await deps.db.transaction().execute(async (tx) => {
    const gone = await tx
      .deleteFrom('attachments')
      .where('id', '=', id)
      .where('owner_type', '=', type)
      .where('uploaded_by', '=', ctx.actor.userId)
      .returning(['owner_id', 'filename', 'mime', 'size', 'sm3', 'storage_key'])
      .executeTakeFirst();
    if (!gone) throw notFound('附件');
    await recordAudit(tx, ctx, now, {
      action: 'attachment.delete',
      entityType: 'attachment',
      entityId: id,
      before: { ownerType: type, ownerId: gone.owner_id, filename: gone.filename, mime: gone.mime, size: Number(gone.size), sm3: gone.sm3 },
    });
    return gone.storage_key;
  });
  await removeStoredFiles(deps.config, [key]);
}

/**
 * Removes pending files nobody claimed in time, rows first and then their bytes. The DELETE names the
 * pending owner types, so a file bound a moment earlier (its owner already moved) is never touched.
 */
export async function sweepStalePending(deps: { db: Db; clock: Clock; config: Pick<Config, 'FILES_DIR'> }): Promise<number> {
  const gone = await deps.db
    .deleteFrom('attachments')
    .where('owner_type', 'in', [...PENDING_OWNER_TYPES])
    .where('created_at', '<', pendingCutoff(deps.clock.now()))
    .returning('storage_key')
    .execute();
  await removeStoredFiles(
    deps.config,
    gone.map((r) => r.storage_key),
  );
  return gone.length;
}
