import type { Catalogue, Indicator } from '../../../domain/indicators.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { can, requirePermission } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import * as repo from './indicators.repo.js';

// The catalogue, the targets and the comparison's weights are the bureau's to keep (indicator.manage).

export async function getCatalogue(deps: Deps, actor: Actor): Promise<Catalogue> {
  requirePermission(actor, 'indicator.read');
  const settings = await repo.settings(deps.db);
  return {
    data: await repo.catalogue(deps.db),
    targets: await repo.targets(deps.db),
    weights: await repo.weights(deps.db),
    jumpPct: Number(settings.jump_pct),
    canManage: can(actor, 'indicator.manage'),
  };
}

type IndicatorInput = Partial<Omit<Indicator, 'code' | 'formula' | 'computed' | 'version'>>;

const columns = (i: IndicatorInput) => ({
  ...(i.name !== undefined && { name: i.name }),
  ...(i.unit !== undefined && { unit: i.unit }),
  ...(i.direction !== undefined && { direction: i.direction }),
  ...(i.dimension !== undefined && { dimension: i.dimension }),
  ...(i.sourceDept !== undefined && { source_dept: i.sourceDept }),
  ...(i.definition !== undefined && { definition: i.definition }),
  ...(i.nonNegative !== undefined && { non_negative: i.nonNegative ? 1 : 0 }),
  ...(i.active !== undefined && { active: i.active ? 1 : 0 }),
  ...(i.sortOrder !== undefined && { sort_order: i.sortOrder }),
});

async function one(deps: Deps, code: string): Promise<Indicator> {
  const found = (await repo.catalogue(deps.db)).find((c) => c.code === code);
  if (!found) throw notFound('指标');
  return found;
}

export async function createIndicator(deps: Deps, ctx: RequestContext, input: Required<IndicatorInput> & { code: string }) {
  requirePermission(ctx.actor, 'indicator.manage');
  const now = deps.clock.now().toISOString();
  try {
    await deps.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('indicators')
        .values({ code: input.code, ...columns(input), version: 1, updated_at: now } as never)
        .execute();
      await recordAudit(tx, ctx, now, { action: 'indicator.catalogue_update', entityType: 'indicator', entityId: null, after: { code: input.code, name: input.name } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `指标代码 ${input.code} 已存在`, [{ field: 'body.code', message: '已存在' }]);
    throw err;
  }
  return one(deps, input.code);
}

export async function updateIndicator(deps: Deps, ctx: RequestContext, code: string, input: IndicatorInput & { version: number }) {
  requirePermission(ctx.actor, 'indicator.manage');
  const before = await one(deps, code);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('indicators')
      .set({ ...columns(input), version: input.version + 1, updated_at: now })
      .where('code', '=', code)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    await recordAudit(tx, ctx, now, { action: 'indicator.catalogue_update', entityType: 'indicator', entityId: null, before: { ...before }, after: { ...before, ...input, code } });
  });
  return one(deps, code);
}

export async function updateSettings(deps: Deps, ctx: RequestContext, input: { jumpPct: number; weights: { indicator: string; weight: number }[] }) {
  requirePermission(ctx.actor, 'indicator.manage');
  const known = new Set((await repo.catalogue(deps.db)).map((c) => c.code));
  const bad = input.weights.findIndex((w) => !known.has(w.indicator));
  if (bad >= 0) throw new AppError('UNKNOWN_INDICATOR', `未知指标 ${input.weights[bad].indicator}`, [{ field: `body.weights.${bad}.indicator`, message: '未知指标' }]);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const before = { jumpPct: Number((await repo.settings(tx)).jump_pct), weights: await repo.weights(tx) };
    await tx
      .updateTable('indicator_settings')
      .set((eb) => ({ jump_pct: input.jumpPct, version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
    await tx.deleteFrom('indicator_weights').execute();
    const rows = input.weights.filter((w) => w.weight > 0).map((w) => ({ indicator_code: w.indicator, weight: w.weight }));
    if (rows.length) await tx.insertInto('indicator_weights').values(rows).execute();
    await recordAudit(tx, ctx, now, { action: 'indicator.settings_update', entityType: 'indicator', entityId: null, before, after: input });
  });
  return getCatalogue(deps, ctx.actor);
}

export async function addTarget(deps: Deps, ctx: RequestContext, input: { indicator: string; level: 'province' | 'city'; fromYear: number; threshold: number; note: string }) {
  requirePermission(ctx.actor, 'indicator.manage');
  await one(deps, input.indicator).catch(() => {
    throw new AppError('UNKNOWN_INDICATOR', `未知指标 ${input.indicator}`, [{ field: 'body.indicator', message: '未知指标' }]);
  });
  const now = deps.clock.now().toISOString();
  try {
    const id = await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('indicator_targets')
        .values({ indicator_code: input.indicator, level: input.level, from_year: input.fromYear, threshold: input.threshold, note: input.note })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, ctx, now, { action: 'indicator.catalogue_update', entityType: 'indicator', entityId: null, after: { target: input } });
      return row.id;
    });
    return (await repo.targets(deps.db)).find((t) => t.id === id)!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DUPLICATE', '该指标在这一级、这一年已有目标值', [{ field: 'body.fromYear', message: '已有目标值' }]);
    throw err;
  }
}

export async function removeTarget(deps: Deps, ctx: RequestContext, id: number) {
  requirePermission(ctx.actor, 'indicator.manage');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const t = await tx.selectFrom('indicator_targets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!t) throw notFound('目标值');
    await tx.deleteFrom('indicator_targets').where('id', '=', id).execute();
    await recordAudit(tx, ctx, now, { action: 'indicator.catalogue_update', entityType: 'indicator', entityId: null, before: { target: t } });
  });
  return { ok: true as const };
}
