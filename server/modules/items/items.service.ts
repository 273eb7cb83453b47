import { listIsOpen } from '../../../domain/consultations.js';
import type { ItemBulkRequest, ItemBulkResult } from '../../../domain/items-bulk.js';
import type { Category, Item, ItemCreate, ItemListQuery, ItemPatch } from '../../../domain/items.js';
import { AGREED_FIELDS, type AgreedField } from '../../../domain/negotiation.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { assertCanRead, canEditItems, type Party } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { isEnabledValue } from '../dictionaries/dictionaries.service.js';
import { addItem, changeItem, removeItem } from './items.command.js';
import { itemFilterOf } from './items.filters.js';
import * as repo from './items.repo.js';
import { resolveUnits } from './items.units.js';

/** The item and its consultation, or 404 when either is missing or outside the caller's scope. */
export async function visibleItem(db: Db | Tx, actor: Actor, id: number) {
  assertCanRead(actor);
  const row = await repo.getItemRow(db, id);
  if (!row) throw notFound('事项');
  // An item in a consultation out of scope is as absent as a missing one.
  const { row: consultation, parties } = await loadVisible(db, actor, row.consultation_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('事项') : err;
  });
  return { row, consultation, parties };
}

function assertEditable(actor: Actor, parties: Party[], status: string) {
  if (!canEditItems(actor, parties)) throw forbidden('只有会商双方的联络员可以编辑清单');
  if (status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，清单不能再修改');
}

async function checkDomain(db: Db | Tx, domain: string | undefined, field = 'body.domain') {
  if (domain !== undefined && !(await isEnabledValue(db, 'item_domain', domain))) {
    throw new AppError('UNKNOWN_DOMAIN', `领域“${domain}”不在领域字典中`, [{ field, message: domain }]);
  }
}

export async function listItems(deps: Deps, actor: Actor, consultationId: number, q: ItemListQuery) {
  assertCanRead(actor);
  const after = q.cursor ? decodeCursor<[Category, number, number]>(q.cursor, ['string', 'number', 'number']) : undefined;
  const rows = await repo.listItemRows(deps.db, consultationId, { ...itemFilterOf(q, deps.clock.today()), after, limit: q.limit + 1 }, actor);
  // The page query already applies the scope; only an empty page leaves "none match" and "not yours" apart.
  if (!rows.length && !(await repo.consultationVisible(deps.db, actor, consultationId))) throw notFound('会商');
  const page = rows.slice(0, q.limit);
  const details = await repo.detailsOf(
    deps.db,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    data: page.map((r) => repo.presentItem(r, details(r.id))),
    nextCursor: rows.length > q.limit ? encodeCursor([last.category, last.sort_order, last.id]) : null,
  };
}

export async function createItem(deps: Deps, ctx: RequestContext, consultationId: number, input: ItemCreate): Promise<Item> {
  const [item] = await createItems(deps, ctx, consultationId, [input], (field) => `body.${field}`);
  return item;
}

/** Several items at once (a list drafted from text): all of them or, at the first refusal, none. */
export async function createItems(
  deps: Deps,
  ctx: RequestContext,
  consultationId: number,
  inputs: ItemCreate[],
  fieldOf: (field: string, index: number) => string = (field, i) => `body.items.${i}.${field}`,
): Promise<Item[]> {
  return deps.db.transaction().execute((tx) => addItemsIn(tx, deps, ctx, consultationId, inputs, fieldOf));
}

/**
 * New items of one consultation inside the caller's transaction, refused as a person's own additions
 * are (scope, role, open list, dictionary, units); a breakdown into a child item comes through here too.
 */
export async function addItemsIn(
  tx: Tx,
  deps: Deps,
  ctx: RequestContext,
  consultationId: number,
  inputs: ItemCreate[],
  fieldOf: (field: string, index: number) => string,
): Promise<Item[]> {
  const now = deps.clock.now().toISOString();
  const { row: c, parties } = await loadVisible(tx, ctx.actor, consultationId);
  assertEditable(ctx.actor, parties, c.status);
  if (!listIsOpen(c.status)) {
    throw new AppError('CONSULTATION_LOCKED', '清单已议定，不能直接新增事项');
  }
  const items: Item[] = [];
  for (const [i, input] of inputs.entries()) {
    await checkDomain(tx, input.domain, fieldOf('domain', i));
    const units = await resolveUnits(tx, parties, input);
    items.push(
      await addItem(tx, ctx, consultationId, { ...input, leadUnitId: units.leadUnitId ?? null, coUnitIds: units.coUnitIds ?? [] }, { via: 'edit', now, today: deps.clock.today() }),
    );
  }
  return items;
}

export async function updateItem(deps: Deps, ctx: RequestContext, id: number, input: ItemPatch, ifMatch: number | undefined): Promise<Item> {
  const version = input.version ?? ifMatch;
  if (version === undefined) {
    throw new AppError('VALIDATION_FAILED', '修改须带上所编辑的版本号（version 字段或 If-Match 头）', [{ field: 'body.version', message: '必填' }]);
  }
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute((tx) => editItem(tx, ctx, id, input, version, now, deps.clock.today()));
}

/**
 * One person's edit of one item inside the caller's transaction: the single edit and each item of a
 * bulk edit go through here, so both refuse the same things. Every refusal is thrown before the
 * first write, so a refused item of a bulk edit leaves nothing behind.
 */
async function editItem(tx: Tx, ctx: RequestContext, id: number, input: ItemPatch, version: number, now: string, today: string): Promise<Item> {
  const { row, consultation, parties } = await visibleItem(tx, ctx.actor, id);
  assertEditable(ctx.actor, parties, consultation.status);
  if (row.version !== version) throw versionConflict('ITEM_VERSION_CONFLICT');
  await checkDomain(tx, input.domain);
  const units = await resolveUnits(tx, parties, input);
  const before = repo.presentItem(row, (await repo.detailsOf(tx, [id]))(id));
  const ongoing = input.ongoing ?? before.ongoing;
  const deadline = input.deadline !== undefined ? input.deadline : ongoing && input.ongoing ? null : before.deadline;
  if (ongoing && deadline) {
    throw new AppError('VALIDATION_FAILED', '长期推进的事项不设完成时限', [{ field: 'body.deadline', message: '应为空' }]);
  }
  const next: Record<AgreedField, unknown> = {
    title: input.title ?? before.title,
    content: input.content ?? before.content,
    category: input.category ?? before.category,
    leadUnitId: units.leadUnitId !== undefined ? units.leadUnitId : before.leadUnitId,
    coUnitIds: units.coUnitIds ?? before.coUnitIds,
    deadline,
    ongoing,
    fundingWan: input.fundingWan !== undefined ? input.fundingWan : before.fundingWan,
  };
  const agreedChanged = AGREED_FIELDS.filter((f) => JSON.stringify(next[f]) !== JSON.stringify(before[f]));
  if (agreedChanged.length && !listIsOpen(consultation.status)) {
    throw new AppError('ITEM_AGREED_LOCKED', '清单已议定，议定内容（名称、内容、类别、牵头与配合单位、时限、资金）须通过调整申请修改', {
      fields: agreedChanged,
    });
  }
  const { after } = await changeItem(
    tx,
    ctx,
    id,
    {
      title: input.title,
      content: input.content,
      category: input.category,
      domain: input.domain,
      leadUnitId: units.leadUnitId,
      coUnitIds: units.coUnitIds,
      responsible: input.responsible,
      deadline,
      ongoing,
      fundingWan: input.fundingWan,
      status: input.status,
      progress: input.progress,
      sortOrder: input.sortOrder,
    },
    { version, via: 'edit', now, today },
  );
  return after;
}

/**
 * Changes one field of many items in ONE transaction, each item as its own single edit would
 * (scope, role, list state, version, dictionary, units), with its own audit row. The allowed items
 * are applied and the refused ones reported, not the whole batch undone: a coordinator moving 30
 * deadlines wants the 28 that could move moved and told which two could not and why, rather than
 * redoing the selection. A refused item is refused before anything of it is written; any other
 * failure rolls the whole batch back.
 */
export async function bulkUpdateItems(deps: Deps, ctx: RequestContext, input: ItemBulkRequest): Promise<ItemBulkResult> {
  assertCanRead(ctx.actor);
  const now = deps.clock.now().toISOString();
  const today = deps.clock.today();
  const patch: ItemPatch = { ...input.change };
  return deps.db.transaction().execute(async (tx) => {
    const result: ItemBulkResult = { changed: [], refused: [] };
    for (const id of input.itemIds) {
      try {
        const after = await editItem(tx, ctx, id, patch, input.versions[String(id)], now, today);
        result.changed.push({ id, version: after.version });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Out of scope and missing answer alike: the report never tells whether the item exists.
        result.refused.push({ id, code: err.code, status: err.status, message: err.message });
      }
    }
    return result;
  });
}

export async function deleteItem(deps: Deps, ctx: RequestContext, id: number, version: number | undefined): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleItem(tx, ctx.actor, id);
    assertEditable(ctx.actor, parties, consultation.status);
    if (!listIsOpen(consultation.status)) {
      throw new AppError('CONSULTATION_LOCKED', '清单已议定，事项不能删除；不再推进的事项请将状态改为“已取消”');
    }
    await removeItem(tx, ctx, id, { version: version ?? row.version, via: 'edit', now, today: deps.clock.today() });
  });
}

// What other modules read of items: the module's public face (its repo stays private to it).
export { coUnitsOf, detailsOf, getItemRow, listItemRows, presentItem } from './items.repo.js';
