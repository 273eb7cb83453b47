import type { z } from 'zod';
import { type DictItem, type DictType, zDictCreate, zDictUpdate } from '../../../domain/dictionaries.js';
import type { RequestContext } from '../../platform/actor.js';
import { requirePermission } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';

function present(r: { id: number; dict_type: string; value: string; label: string; sort_order: number; enabled: number; version: number }): DictItem {
  return { id: r.id, dictType: r.dict_type as DictType, value: r.value, label: r.label, sortOrder: r.sort_order, enabled: r.enabled === 1, version: r.version };
}

export async function listDict(db: Db | Tx, type: DictType) {
  const rows = await db.selectFrom('dict_items').selectAll().where('dict_type', '=', type).orderBy('sort_order').orderBy('id').execute();
  return rows.map(present);
}

/** Whether `value` is an enabled entry; items may only carry enabled domains. */
export async function isEnabledValue(db: Db | Tx, type: DictType, value: string): Promise<boolean> {
  const row = await db.selectFrom('dict_items').select('id').where('dict_type', '=', type).where('value', '=', value).where('enabled', '=', 1).executeTakeFirst();
  return Boolean(row);
}

export async function createDictItem(deps: Deps, ctx: RequestContext, type: DictType, input: z.infer<typeof zDictCreate>) {
  requirePermission(ctx.actor, 'dict.manage');
  const now = deps.clock.now().toISOString();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('dict_items')
        .values({
          dict_type: type,
          value: input.value,
          label: input.label ?? input.value,
          sort_order: input.sortOrder ?? 100,
          enabled: 1,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const item = present(row);
      await recordAudit(tx, ctx, now, { action: 'dict.create', entityType: 'dict_item', entityId: row.id, after: item });
      return item;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `“${input.value}”已存在`, [{ field: 'body.value', message: '已存在' }]);
    throw err;
  }
}

export async function updateDictItem(deps: Deps, ctx: RequestContext, type: DictType, id: number, input: z.infer<typeof zDictUpdate>) {
  requirePermission(ctx.actor, 'dict.manage');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('dict_items').selectAll().where('id', '=', id).where('dict_type', '=', type).executeTakeFirst();
    if (!row) throw notFound('字典项', '字典项不存在');
    if (row.version !== input.version) throw versionConflict();
    const updated = await tx
      .updateTable('dict_items')
      .set({
        label: input.label ?? row.label,
        sort_order: input.sortOrder ?? row.sort_order,
        enabled: input.enabled === undefined ? row.enabled : input.enabled ? 1 : 0,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw versionConflict();
    await recordAudit(tx, ctx, now, { action: 'dict.update', entityType: 'dict_item', entityId: id, before: present(row), after: present(updated) });
    return present(updated);
  });
}
