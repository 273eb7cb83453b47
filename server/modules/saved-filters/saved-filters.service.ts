import type { FilterPage, SavedFilter, SavedFilterCreate, SavedFilterPatch } from '../../../domain/saved-filters.js';
import { SAVED_FILTERS_PER_USER_MAX } from '../../../domain/saved-filters.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import * as repo from './saved-filters.repo.js';

/*
 * Sharing rule: a shared filter is offered to the people of the owner's organisation. Not "everyone
 * who can see the consultation": the board's filters belong to no consultation, and a filter is a
 * working habit of an office (its lead units, its keywords), which the county across the table has
 * no use for. A 清单 filter is still listed only to those who can see its consultation.
 */

function present(r: repo.SavedFilterRow, actor: Actor): SavedFilter {
  return {
    id: r.id,
    page: r.page,
    consultationId: r.consultation_id,
    name: r.name,
    filters: JSON.parse(r.filters_json) as Record<string, string>,
    shared: r.shared === 1,
    mine: r.owner_id === actor.userId,
    ownerName: r.owner_name,
    updatedAt: r.updated_at,
  };
}

/** A 清单 filter needs a consultation the caller can see; a board filter has none. */
async function checkPlace(db: Db | Tx, actor: Actor, page: FilterPage, consultationId: number | null | undefined): Promise<number | null> {
  assertCanRead(actor);
  if (page === 'board') {
    if (consultationId != null) throw new AppError('VALIDATION_FAILED', '督办看板的筛选不属于某次会商', [{ field: 'consultationId', message: '应为空' }]);
    return null;
  }
  if (consultationId == null) throw new AppError('VALIDATION_FAILED', '清单的筛选须指明会商', [{ field: 'consultationId', message: '必填' }]);
  await loadVisible(db, actor, consultationId);
  return consultationId;
}

export async function listSavedFilters(deps: Deps, actor: Actor, q: { page: FilterPage; consultationId?: number }) {
  const consultationId = await checkPlace(deps.db, actor, q.page, q.consultationId);
  const rows = await repo.listFor(deps.db, actor.userId, actor.orgId, q.page, consultationId);
  return { data: rows.map((r) => present(r, actor)) };
}

export async function createSavedFilter(deps: Deps, ctx: RequestContext, input: SavedFilterCreate): Promise<SavedFilter> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const consultationId = await checkPlace(tx, ctx.actor, input.page, input.consultationId);
    if ((await repo.countOwned(tx, ctx.actor.userId, input.page)) >= SAVED_FILTERS_PER_USER_MAX) {
      throw new AppError('VALIDATION_FAILED', `每页最多保存 ${SAVED_FILTERS_PER_USER_MAX} 个常用筛选，请先删除不用的`, [{ field: 'name', message: '已达上限' }]);
    }
    const id = await repo.insert(tx, {
      ownerId: ctx.actor.userId,
      orgId: ctx.actor.orgId,
      page: input.page,
      consultationId,
      name: input.name,
      filtersJson: JSON.stringify(input.filters),
      shared: input.shared,
      now,
    });
    if (input.shared) {
      await recordAudit(tx, ctx, now, {
        action: 'saved_filter.share',
        entityType: 'saved_filter',
        entityId: id,
        after: { name: input.name, page: input.page, consultationId, filters: input.filters },
      });
    }
    return present((await repo.getRow(tx, id))!, ctx.actor);
  });
}

/** Only the owner changes or deletes a filter; to anyone else another person's filter is absent. */
async function ownFilter(tx: Tx, actor: Actor, id: number) {
  assertCanRead(actor);
  const row = await repo.getRow(tx, id);
  if (!row || row.owner_id !== actor.userId) throw notFound('常用筛选');
  return row;
}

export async function updateSavedFilter(deps: Deps, ctx: RequestContext, id: number, input: SavedFilterPatch): Promise<SavedFilter> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await ownFilter(tx, ctx.actor, id);
    await repo.update(tx, id, { name: input.name, shared: input.shared, orgId: ctx.actor.orgId, now });
    const wasShared = row.shared === 1;
    if (input.shared !== undefined && input.shared !== wasShared) {
      await recordAudit(tx, ctx, now, {
        action: input.shared ? 'saved_filter.share' : 'saved_filter.unshare',
        entityType: 'saved_filter',
        entityId: id,
        before: { shared: wasShared },
        after: { shared: input.shared, name: input.name ?? row.name },
      });
    }
    return present((await repo.getRow(tx, id))!, ctx.actor);
  });
}

export async function deleteSavedFilter(deps: Deps, ctx: RequestContext, id: number): Promise<{ ok: true }> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await ownFilter(tx, ctx.actor, id);
    await repo.remove(tx, id);
    // Others lose a filter they were offered: the record says who took it away.
    if (row.shared === 1) {
      await recordAudit(tx, ctx, now, { action: 'saved_filter.unshare', entityType: 'saved_filter', entityId: id, before: { shared: true, name: row.name }, after: null });
    }
  });
  return { ok: true };
}
