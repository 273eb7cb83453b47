/**
 * The items command: the one place an item row is written. Every writer (the list editor, an
 * approved change request, an accepted report, close-out, a ledger import, a converted need, the
 * light refresh) comes through here, so the version guard, the audit row, the withdrawal of
 * agreement marks and adoption confirmations, and the light refresh happen the same way each time.
 * items.write.test.ts holds every other module to it.
 */
import type { ItemWriteVia } from '../../../domain/item-history.js';
import type { Item } from '../../../domain/items.js';
import { AGREED_FIELDS, type AgreedField } from '../../../domain/negotiation.js';
import type { RequestContext } from '../../platform/actor.js';
import { recordAudit, recordAudits } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import { notFound, versionConflict } from '../../platform/errors.js';
import { lightsOfNew, recordNewItemLights, refreshLights } from '../lights/lights.service.js';
import { itemColumns, type ItemFieldChanges } from './items.columns.js';
import * as repo from './items.repo.js';

/** Where a change comes from; the audit row names it (and the record behind it) so the history says why. */
export type ItemVia = 'edit' | ItemWriteVia;

/** The audit key of the record behind a change, e.g. needId for a converted need. */
export const VIA_ID_KEY: Record<ItemVia, string | null> = {
  edit: null,
  change_request: 'changeRequestId',
  report: 'reportId',
  completion: 'completionId',
  ledger_import: 'ledgerImportId',
  need: 'needId',
};

export interface ItemChange extends ItemFieldChanges {
  coUnitIds?: number[];
  /** The ledger's 进展情况 column, kept as the ledger had it. */
  progressNote?: string | null;
  /** The day the item was closed out (销号). */
  closedOn?: string | null;
}

export interface WriteOptions {
  via: ItemVia;
  /** The change request, report, completion request, import or need behind the change. */
  viaId?: number;
  now: string;
  today: string;
  /**
   * A ledger import refreshes the lights of the items it changed in one go at the end; every other
   * writer leaves it to the command. New items are stored with their first light either way.
   */
  deferLights?: boolean;
}

export interface ChangeOptions extends WriteOptions {
  /** The version the writer read or the user edited: a different stored version is a conflict (409). */
  version: number;
}

/** The fields an audit row compares: what a person edits, not bookkeeping. */
export function itemAuditView(i: Item) {
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, leadUnit: _l, coUnits: _cu, consultationId: _ci, agreement: _a, light: _li, lightReasons: _lr, ...rest } = i;
  return rest;
}

export async function loadItem(tx: Tx, id: number): Promise<Item> {
  const row = await repo.getItemRow(tx, id);
  if (!row) throw notFound('事项');
  return repo.presentItem(row, (await repo.detailsOf(tx, [id]))(id));
}

/** Any change to the list withdraws both sides' adoption confirmations. */
export async function clearConfirmations(tx: Tx, consultationId: number): Promise<void> {
  await repo.deleteConfirmations(tx, consultationId);
}

function viaFields(opts: WriteOptions): Record<string, unknown> {
  if (opts.via === 'edit') return {};
  const key = VIA_ID_KEY[opts.via];
  return { via: opts.via, ...(key && opts.viaId !== undefined ? { [key]: opts.viaId } : {}) };
}

/** An item's fields as a writer gives them: the row insertItems stores, less what the command decides. */
export type NewItem = Omit<repo.NewItemRow, 'consultationId' | 'sortOrder' | 'createdBy' | 'now' | 'lights'>;

/**
 * Adds an item to a consultation's list. Before adoption a new item changes what both sides may
 * have confirmed, so their confirmations are withdrawn; an approved change request is itself the
 * agreement of both sides.
 */
export async function addItem(tx: Tx, ctx: RequestContext, consultationId: number, v: NewItem, opts: WriteOptions): Promise<Item> {
  return (await addItems(tx, ctx, consultationId, [v], opts))[0];
}

/**
 * Adds many items to one consultation as addItem adds one (same rows, same audit rows, in the order
 * given), with a few statements per few hundred items rather than a dozen per item: a ledger of
 * 10,000 rows commits in seconds.
 */
export async function addItems(tx: Tx, ctx: RequestContext, consultationId: number, values: NewItem[], opts: WriteOptions): Promise<Item[]> {
  if (!values.length) return [];
  // The first light goes in with the row: a refresh right after the insert would rewrite every new row.
  const lights = await lightsOfNew(tx, opts.today, consultationId, values);
  const inserted = await repo.insertItems(
    tx,
    values.map((v, i) => ({ ...v, consultationId, createdBy: ctx.actor.userId, now: opts.now, lights: lights[i]!.columns })),
  );
  const ids = inserted.rows.map((r) => r.id);
  if (opts.via !== 'change_request') await clearConfirmations(tx, consultationId);
  await recordNewItemLights(tx, opts.now, ids, lights);
  // A new item has no agreement marks yet.
  const items = inserted.rows.map((r) => repo.presentItem(r, { coUnits: inserted.coUnits.get(r.id) ?? [], agreement: { host: null, partner: null } }));
  await recordAudits(
    tx,
    ctx,
    opts.now,
    items.map((item, i) => {
      const note = values[i].progressNote ? { progressNote: values[i].progressNote } : {};
      return { action: 'item.create' as const, entityType: 'item' as const, entityId: item.id, after: { ...itemAuditView(item), ...note, ...viaFields(opts) } };
    }),
  );
  return items;
}

export interface ChangeResult {
  before: Item;
  after: Item;
  /** The agreed fields (名称、内容、类别、单位、时限、资金) this change moved. */
  agreedChanged: AgreedField[];
}

/**
 * Changes an item at the version the writer read. Moving an agreed field withdraws both sides'
 * agreement marks and the adoption confirmations, except through an approved change request, whose
 * approval is the agreement.
 */
export async function changeItem(tx: Tx, ctx: RequestContext, id: number, change: ItemChange, opts: ChangeOptions): Promise<ChangeResult> {
  const row = await repo.getItemRow(tx, id);
  if (!row) throw notFound('事项');
  if (row.version !== opts.version) throw versionConflict('ITEM_VERSION_CONFLICT');
  const extra = await repo.itemBookkeeping(tx, id);
  const before = repo.presentItem(row, (await repo.detailsOf(tx, [id]))(id));
  const columns = {
    ...itemColumns(row, change),
    ...(change.progressNote !== undefined ? { progress_note: change.progressNote } : {}),
    ...(change.closedOn !== undefined ? { closed_on: change.closedOn } : {}),
  };
  // The version guard in the WHERE makes two simultaneous writes of one version end with one winner.
  if (!(await repo.updateItemGuarded(tx, id, opts.version, columns, opts.now))) throw versionConflict('ITEM_VERSION_CONFLICT');
  const coUnitsMoved = change.coUnitIds !== undefined && JSON.stringify(change.coUnitIds) !== JSON.stringify(before.coUnitIds);
  if (coUnitsMoved) await repo.replaceCoUnits(tx, id, change.coUnitIds!);
  const after = await loadItem(tx, id);
  const agreedChanged = AGREED_FIELDS.filter((f) => JSON.stringify(after[f]) !== JSON.stringify(before[f]));
  if (agreedChanged.length && opts.via !== 'change_request') {
    // What both sides agreed to is no longer what the item says.
    await repo.deleteAgreements(tx, id);
    await clearConfirmations(tx, row.consultation_id);
  }
  if (!opts.deferLights) await refreshLights(tx, opts.today, opts.now, [id]);
  const book = (b: { progress_note: string | null; closed_on: string | null }) => ({
    ...(change.progressNote !== undefined ? { progressNote: b.progress_note } : {}),
    ...(change.closedOn !== undefined ? { closedOn: b.closed_on } : {}),
  });
  const stored = change.progressNote !== undefined || change.closedOn !== undefined ? await repo.itemBookkeeping(tx, id) : extra;
  await recordAudit(tx, ctx, opts.now, {
    action: 'item.update',
    entityType: 'item',
    entityId: id,
    before: { ...itemAuditView(before), ...book(extra) },
    after: { ...itemAuditView(after), ...book(stored), ...viaFields(opts) },
  });
  return { before, after: await loadItem(tx, id), agreedChanged };
}

/** Soft delete: the row and its audit trail stay; lists no longer show it. */
export async function removeItem(tx: Tx, ctx: RequestContext, id: number, opts: ChangeOptions): Promise<void> {
  const row = await repo.getItemRow(tx, id);
  if (!row) throw notFound('事项');
  if (row.version !== opts.version) throw versionConflict('ITEM_VERSION_CONFLICT');
  const before = repo.presentItem(row, (await repo.detailsOf(tx, [id]))(id));
  if (!(await repo.softDeleteItem(tx, id, opts.version, opts.now))) throw versionConflict('ITEM_VERSION_CONFLICT');
  await clearConfirmations(tx, row.consultation_id);
  await recordAudit(tx, ctx, opts.now, { action: 'item.delete', entityType: 'item', entityId: id, before: itemAuditView(before) });
}

/**
 * Takes the item's row lock for the rest of the transaction without changing it: a second writer
 * of the same item (two close-out requests at once) waits here, then sees the first one's work.
 */
export async function lockItem(tx: Tx, id: number): Promise<void> {
  await repo.lockItemRow(tx, id);
}

/**
 * Stores computed lights and report punctuality, many items at once. Both are derived from the item
 * and its reports, not edited, so they neither bump the version (a person's open edit stays valid)
 * nor write an audit row; the light service records the changes as events instead.
 */
export async function storeItemLights(tx: Tx | Db, rows: readonly repo.StoredRefresh[]): Promise<void> {
  await repo.storeRefreshed(tx, rows);
}

/**
 * 上下联动: sets (or, with null, clears) the item's parent at the version the writer read, with its
 * audit row. A new item's link (`version` null) is part of its creation and keeps its version.
 */
export async function setItemParent(tx: Tx, ctx: RequestContext, id: number, link: { from: number | null; to: number | null; version: number | null; now: string }): Promise<void> {
  if (link.version === null) await repo.setParentOfNew(tx, id, link.to!);
  else if (!(await repo.setParentGuarded(tx, id, link.version, link.to, link.now))) throw versionConflict('ITEM_VERSION_CONFLICT');
  await recordAudit(tx, ctx, link.now, { action: 'item.link', entityType: 'item', entityId: id, before: { parentItemId: link.from }, after: { parentItemId: link.to } });
}
