import { isItemClosed } from '../../../domain/items.js';
import { MILESTONE_LIMITS, type ItemMilestones, type Milestone, type MilestoneCreate, type MilestoneUpdate } from '../../../domain/milestones.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events.js';
import type { Party } from '../consultations/consultations.policy.js';
import { visibleItem } from '../items/items.service.js';
import { refreshLights } from '../lights/lights.service.js';
import { canWriteMilestones } from '../reports/reports.policy.js';
import * as repo from './milestones.repo.js';

function assertWritable(actor: Actor, parties: Party[], item: { lead_unit_id: number | null; status: string }, consultationStatus: string) {
  if (!canWriteMilestones(actor, parties, item.lead_unit_id)) {
    throw forbidden('只有会商双方联络员和牵头单位填报员可以维护里程碑');
  }
  if (consultationStatus === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，里程碑不能再修改');
  if (isItemClosed(item.status)) throw new AppError('ITEM_CLOSED', '事项已办结或取消，里程碑不能再修改');
}

/** The milestone with its item, or 404 when either is missing or out of the caller's scope. */
async function visibleMilestone(db: Db | Tx, actor: Actor, id: number) {
  const row = await repo.getMilestoneRow(db, id);
  if (!row) throw notFound('里程碑');
  const {
    row: item,
    consultation,
    parties,
  } = await visibleItem(db, actor, row.item_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('里程碑') : err;
  });
  return { row, item, consultation, parties };
}

/** A milestone is done on a day that has happened: the same rule whether it is created done or marked done later. */
function assertDoneOnPast(doneOn: string | null, today: string) {
  if (doneOn && doneOn > today) {
    throw new AppError('VALIDATION_FAILED', '完成日期不能晚于今天', [{ field: 'body.doneOn', message: '不能晚于今天' }]);
  }
}

export async function listMilestones(deps: Deps, actor: Actor, itemId: number): Promise<ItemMilestones> {
  const { row: item, parties } = await visibleItem(deps.db, actor, itemId);
  return {
    data: (await repo.listMilestoneRows(deps.db, itemId)).map(repo.presentMilestone),
    nextCursor: null,
    // Who may keep the plan; whether the item and consultation are still open, the web reads off them.
    can: { write: canWriteMilestones(actor, parties, item.lead_unit_id) },
  };
}

async function afterChange(deps: Deps, tx: Tx, ctx: RequestContext, now: string, item: { id: number; consultation_id: number }, milestoneId: number, what: string) {
  await recordEvent(tx, now, {
    type: 'milestone.changed',
    entityType: 'milestone',
    entityId: milestoneId,
    consultationId: item.consultation_id,
    itemId: item.id,
    actorId: ctx.actor.userId,
    data: { change: what },
  });
  await refreshLights(tx, deps.clock.today(), now, [item.id]);
}

export async function createMilestone(deps: Deps, ctx: RequestContext, itemId: number, input: MilestoneCreate): Promise<Milestone> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row: item, consultation, parties } = await visibleItem(tx, ctx.actor, itemId);
    assertWritable(ctx.actor, parties, item, consultation.status);
    assertDoneOnPast(input.doneOn, deps.clock.today());
    const count = await repo.countMilestones(tx, itemId);
    if (count >= MILESTONE_LIMITS.perItemMax) throw new AppError('UNPROCESSABLE', `每个事项最多 ${MILESTONE_LIMITS.perItemMax} 个里程碑`);
    const id = await repo.insertMilestone(tx, itemId, { ...input, sortOrder: count + 1 }, ctx.actor.userId, now);
    const m = repo.presentMilestone((await repo.getMilestoneRow(tx, id))!);
    await recordAudit(tx, ctx, now, { action: 'milestone.create', entityType: 'milestone', entityId: id, after: repo.milestoneAuditView(m) });
    await afterChange(deps, tx, ctx, now, item, id, 'created');
    return m;
  });
}

export async function updateMilestone(deps: Deps, ctx: RequestContext, id: number, input: MilestoneUpdate): Promise<Milestone> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row, item, consultation, parties } = await visibleMilestone(tx, ctx.actor, id);
    assertWritable(ctx.actor, parties, item, consultation.status);
    if (input.version !== row.version) throw versionConflict();
    const before = repo.presentMilestone(row);
    const next = {
      title: input.title ?? before.title,
      dueOn: input.dueOn ?? before.dueOn,
      doneOn: input.doneOn !== undefined ? input.doneOn : before.doneOn,
    };
    assertDoneOnPast(next.doneOn, deps.clock.today());
    if (!(await repo.updateMilestoneGuarded(tx, id, row.version, next, now))) throw versionConflict();
    const after = repo.presentMilestone((await repo.getMilestoneRow(tx, id))!);
    await recordAudit(tx, ctx, now, {
      action: 'milestone.update',
      entityType: 'milestone',
      entityId: id,
      before: repo.milestoneAuditView(before),
      after: repo.milestoneAuditView(after),
    });
    await afterChange(deps, tx, ctx, now, item, id, before.doneOn === null && after.doneOn ? 'done' : 'updated');
    return after;
  });
}

export async function deleteMilestone(deps: Deps, ctx: RequestContext, id: number, version: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const { row, item, consultation, parties } = await visibleMilestone(tx, ctx.actor, id);
    assertWritable(ctx.actor, parties, item, consultation.status);
    if (version !== row.version || !(await repo.deleteMilestoneGuarded(tx, id, version))) throw versionConflict();
    await recordAudit(tx, ctx, now, { action: 'milestone.delete', entityType: 'milestone', entityId: id, before: repo.milestoneAuditView(repo.presentMilestone(row)) });
    await afterChange(deps, tx, ctx, now, item, id, 'deleted');
  });
}
