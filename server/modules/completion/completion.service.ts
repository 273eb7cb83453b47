import { parameter } from '../../platform/parameters.js';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isItemClosed } from '../../../domain/items.js';
import { COMPLETION_LIMITS, zCompletionCreate, type CompletionRequest, type CompletionReview } from '../../../domain/notices.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { attachmentsOf, stage, type IncomingFile, type Staged } from '../../platform/attachments.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events.js';
import { ZodValidation } from '../../platform/http.js';
import type { Party } from '../consultations/consultations.policy.js';
import { changeItem, lockItem } from '../items/items.command.js';
import { visibleItem } from '../items/items.service.js';
import { getOrgRow } from '../organisations/organisations.service.js';
import { canRequestCompletion, canReviewCompletion } from './completion.policy.js';
import * as repo from './completion.repo.js';

/** Reads the request body: the summary as sent, and each evidence file handed to stageFile as it streams in. */
export type ReceiveCompletion = (stageFile: (f: IncomingFile) => Promise<Staged>) => Promise<{ summary: unknown }>;

function assertLive(status: string) {
  if (status === 'draft' || status === 'negotiating') throw new AppError('ITEM_NOT_ADOPTED', '清单尚未议定，事项不能申请办结');
  if (status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束');
}

function assertOpen(itemStatus: string) {
  if (isItemClosed(itemStatus)) throw new AppError('ITEM_CLOSED', '事项已办结或已取消');
}

async function leadPath(db: Db | Tx, leadUnitId: number | null): Promise<string | null> {
  return leadUnitId !== null ? ((await getOrgRow(db, leadUnitId))?.path ?? null) : null;
}

/** Everything a request needs, checked before a byte of evidence is read and again inside the transaction. */
async function checkRequest(db: Db | Tx, actor: Actor, itemId: number) {
  const { row, consultation, parties } = await visibleItem(db, actor, itemId);
  if (!canRequestCompletion(actor, parties, await leadPath(db, row.lead_unit_id))) {
    throw forbidden('只有牵头单位的承办人或县联络员可以申请办结');
  }
  assertLive(consultation.status);
  assertOpen(row.status);
  if (await repo.pendingRow(db, itemId)) throw new AppError('COMPLETION_PENDING', '已有待审核的办结申请');
  return { row, parties };
}

async function present(db: Db | Tx, rows: repo.CompletionRow[]): Promise<CompletionRequest[]> {
  const files = await attachmentsOf(
    db,
    'completion',
    rows.map((r) => r.id),
  );
  return rows.map((r) => repo.presentRequest(r, files.get(r.id) ?? []));
}

export async function listCompletions(deps: Deps, actor: Actor, itemId: number) {
  await visibleItem(deps.db, actor, itemId);
  return { data: await present(deps.db, await repo.listItemRows(deps.db, itemId)), nextCursor: null };
}

/** For the attachment download: may the caller read this request's item? Throws 404 otherwise. */
export async function assertCompletionReadable(db: Db | Tx, actor: Actor, requestId: number): Promise<void> {
  const row = await repo.getRow(db, requestId);
  if (!row) throw notFound('附件');
  await visibleItem(db, actor, row.item_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('附件') : err;
  });
}

async function discard(staged: Staged[]) {
  await Promise.all(staged.map((s) => fsp.rm(s.tmpPath, { force: true })));
}

/**
 * The lead unit asks to close the item, with a summary and at least one evidence file. The files
 * stream to temporary names first; the request, its files' rows, the audit records and the event
 * commit together; only then do the files take their final names.
 */
export async function requestCompletion(deps: Deps, ctx: RequestContext, itemId: number, receive: ReceiveCompletion): Promise<CompletionRequest> {
  await checkRequest(deps.db, ctx.actor, itemId);
  const staged: Staged[] = [];
  let summary: string;
  try {
    const got = await receive(async (f) => {
      if (staged.length >= COMPLETION_LIMITS.evidenceMax) {
        f.stream.resume();
        throw new AppError('UNPROCESSABLE', `证明材料最多 ${COMPLETION_LIMITS.evidenceMax} 个`);
      }
      const s = await stage(deps.config, f, await parameter(deps, 'upload.attachmentMaxMb'));
      staged.push(s);
      return s;
    });
    const parsed = zCompletionCreate.safeParse({ summary: got.summary });
    if (!parsed.success) throw new ZodValidation('body', parsed.error);
    summary = parsed.data.summary;
    if (!staged.length) {
      throw new AppError('EVIDENCE_REQUIRED', '申请办结须附证明材料（验收报告、照片、文件等）', [{ field: 'body.file', message: '至少一个文件' }]);
    }
  } catch (err) {
    await discard(staged);
    throw err;
  }
  const now = deps.clock.now().toISOString();
  let id: number;
  try {
    id = await deps.db.transaction().execute(async (tx) => {
      await lockItem(tx, itemId);
      const { row } = await checkRequest(tx, ctx.actor, itemId);
      const requestId = await repo.insertRequest(tx, itemId, summary, ctx.actor.userId, now);
      const evidenceIds: number[] = [];
      for (const s of staged) {
        const fileId = await repo.insertEvidence(tx, requestId, s, ctx.actor.userId, now);
        evidenceIds.push(fileId);
        await recordAudit(tx, ctx, now, {
          action: 'attachment.create',
          entityType: 'attachment',
          entityId: fileId,
          after: { ownerType: 'completion', ownerId: requestId, filename: s.filename, mime: s.mime, size: s.size, sm3: s.sm3 },
        });
      }
      await recordAudit(tx, ctx, now, {
        action: 'completion.request',
        entityType: 'completion_request',
        entityId: requestId,
        after: { itemId, status: 'pending', summary, evidenceIds },
      });
      await recordEvent(tx, now, {
        type: 'completion.requested',
        entityType: 'completion_request',
        entityId: requestId,
        consultationId: row.consultation_id,
        itemId,
        actorId: ctx.actor.userId,
        data: { evidence: staged.length },
      });
      return requestId;
    });
  } catch (err) {
    await discard(staged);
    throw err;
  }
  try {
    for (const s of staged) {
      await fsp.mkdir(path.dirname(s.finalPath), { recursive: true });
      await fsp.rename(s.tmpPath, s.finalPath);
    }
  } catch (err) {
    // Rows without their files would serve nothing: take the request back rather than leave it dangling.
    await discard(staged);
    await deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('attachments').where('owner_type', '=', 'completion').where('owner_id', '=', id).execute();
      await tx.deleteFrom('completion_requests').where('id', '=', id).execute();
    });
    throw err;
  }
  return (await present(deps.db, [(await repo.getRow(deps.db, id))!]))[0]!;
}

function assertReviewer(actor: Actor, parties: Party[]) {
  if (!canReviewCompletion(actor, parties)) throw forbidden('只有发起方（市局）的联络员可以审核办结申请');
}

/** The host verifies: approve closes the item (销号) and puts its light out; return needs a reason. */
export async function reviewCompletion(deps: Deps, ctx: RequestContext, itemId: number, input: CompletionReview): Promise<CompletionRequest> {
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  return deps.db.transaction().execute(async (tx) => {
    const { row: item, consultation, parties } = await visibleItem(tx, ctx.actor, itemId);
    assertReviewer(ctx.actor, parties);
    assertLive(consultation.status);
    const pending = await repo.pendingRow(tx, itemId);
    if (!pending) throw new AppError('COMPLETION_NOT_PENDING', '没有待审核的办结申请（可能已被他人审核）');
    if (!input.approve && !input.note) throw new AppError('REASON_REQUIRED', '退回须写明理由', [{ field: 'body.note', message: '必填' }]);
    const status = input.approve ? 'approved' : 'returned';
    // Two reviewers at once: the guard on status and version lets exactly one decide.
    if (!(await repo.decideGuarded(tx, pending.id, pending.version, status, ctx.actor.userId, input.note || null, now))) {
      throw new AppError('COMPLETION_NOT_PENDING', '办结申请已被他人审核，请刷新');
    }
    if (input.approve) {
      assertOpen(item.status);
      // 销号: completed, 100 %, closed today; the light goes out.
      await changeItem(tx, ctx, itemId, { status: 'completed', progress: 100, closedOn: today }, { version: item.version, via: 'completion', viaId: pending.id, now, today });
    }
    await recordAudit(tx, ctx, now, {
      action: input.approve ? 'completion.approve' : 'completion.return',
      entityType: 'completion_request',
      entityId: pending.id,
      before: { status: 'pending' },
      after: { status, note: input.note || null },
    });
    await recordEvent(tx, now, {
      type: input.approve ? 'completion.approved' : 'completion.returned',
      entityType: 'completion_request',
      entityId: pending.id,
      consultationId: item.consultation_id,
      itemId,
      actorId: ctx.actor.userId,
      data: { note: input.note || null, requestedBy: pending.requested_by },
    });
    return (await present(tx, [(await repo.getRow(tx, pending.id))!]))[0]!;
  });
}
