import { listIsOpen } from '../../../domain/consultations.js';
import type { Item } from '../../../domain/items.js';
import type { Report } from '../../../domain/reports.js';
import { rollUp, type BreakdownTarget, type ItemChildCreate, type ItemDetail, type ItemLinks, type ItemParentSet } from '../../../domain/linked-items.js';
import { DIVISION_KINDS, type Actor, type RequestContext } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { assertCanRead, canEditItems, type Party } from '../consultations/consultations.policy.js';
import { loadItem, setItemParent } from './items.command.js';
import * as repo from './items.links.repo.js';
import * as itemsRepo from './items.repo.js';
import { itemPage } from './items.page.repo.js';
import { presentReport } from '../reports/reports.service.js';
import { addItemsIn, visibleItem } from './items.service.js';

type Conn = Db | Tx;

/** How far up a chain of parents the cycle check walks: far more levels than 省、市、县. */
const MAX_DEPTH = 8;

/**
 * The item with its parent and its live children (and what they roll up to), and its report history
 * when asked: one statement, two more for an item with children and one more for an item with a parent.
 */
export async function getItemPage(deps: Deps, actor: Actor, id: number, withReports: boolean): Promise<{ item: ItemDetail; reports?: Report[] }> {
  assertCanRead(actor);
  // An item in a consultation out of scope is as absent as a missing one, and so are its reports.
  const page = await itemPage(deps.db, actor, id, withReports);
  if (!page) throw notFound('事项');
  const item = { ...itemsRepo.presentItem(page.row, page.details), links: await linksOf(deps.db, actor, id, page.row) };
  return { item, reports: page.reports?.map(presentReport) };
}

/** The parent's summary as the item's own read brought it (null ids: no live parent), and whether any live child exists. */
interface OwnLinks {
  parent_id: number | null;
  parent_title: string | null;
  parent_consultation_id: number | null;
  parent_consultation_title: string | null;
  has_children: unknown;
}

async function linksOf(db: Conn, actor: Actor, id: number, own: OwnLinks): Promise<ItemLinks> {
  // A boolean on PostgreSQL, 0 or 1 on SQLite.
  const children = own.has_children ? await repo.childrenOf(db, id, actor) : [];
  const partners = await repo.partiesOf(db, [...new Set(children.map((c) => c.consultation_id))]);
  let parent: ItemLinks['parent'] = null;
  if (own.parent_id !== null && own.parent_consultation_id !== null) {
    parent = {
      id: own.parent_id,
      title: own.parent_title ?? '',
      consultationId: own.parent_consultation_id,
      consultationTitle: own.parent_consultation_title ?? '',
      // A county's item names what it breaks down, but the province's consultation stays closed to it.
      readable: await itemsRepo.consultationVisible(db, actor, own.parent_consultation_id),
    };
  }
  return {
    parent,
    children: children.map((c) => ({
      id: c.id,
      title: c.title,
      consultationId: c.consultation_id,
      consultationTitle: c.consultation_title,
      partnerOrgs: (partners.get(c.consultation_id) ?? []).filter((p) => p.side === 'partner').map((p) => p.orgName),
      status: c.status,
      light: c.light,
      progress: c.progress,
      version: c.version,
    })),
    rollUp: rollUp(children),
  };
}

/** The division (省、市、县) an organisation belongs to: itself or the nearest one above it. */
function divisionOf(path: string, orgs: Map<number, repo.OrgNode>): repo.OrgNode | null {
  let node = orgs.get(Number(path.split('/').filter(Boolean).pop()));
  while (node && !(DIVISION_KINDS as readonly string[]).includes(node.kind)) node = node.parent_id === null ? undefined : orgs.get(node.parent_id);
  return node ?? null;
}

/**
 * The breakdown's level rule: the child's consultation is hosted in a division directly below the
 * parent's host's division, and that division is the parent's partner's (省科技厅 ↔ 广元市人民政府
 * breaks down into 广元's 局县会商, never into another city's).
 */
function oneLevelDown(parent: Party[], child: Party[], orgs: Map<number, repo.OrgNode>): boolean {
  const parentHost = parent.find((p) => p.side === 'host');
  const childHost = child.find((p) => p.side === 'host');
  if (!parentHost || !childHost) return false;
  const upper = divisionOf(parentHost.orgPath, orgs);
  const lower = divisionOf(childHost.orgPath, orgs);
  if (!upper || !lower || lower.parent_id !== upper.id) return false;
  return parent.some((p) => p.side === 'partner' && divisionOf(p.orgPath, orgs)?.id === lower.id);
}

async function assertOneLevelDown(db: Conn, parent: Party[], child: Party[]): Promise<void> {
  const orgs = await repo.orgsOnPaths(
    db,
    [...parent, ...child].map((p) => p.orgPath),
  );
  if (!oneLevelDown(parent, child, orgs)) {
    throw new AppError('ITEM_LINK_LEVEL', '分解事项须属于上级事项所在会商下一级、同一市（州）的会商', [{ field: 'body', message: '层级不符' }]);
  }
}

/** The item would become its own ancestor: the parent, or one above it, is the child. */
async function assertNoCycle(db: Conn, childId: number, parentId: number): Promise<void> {
  let at: number | null = parentId;
  for (let depth = 0; at !== null && depth < MAX_DEPTH; depth++) {
    if (at === childId) throw new AppError('ITEM_LINK_CYCLE', '不能把事项关联为自身或其下级事项的分解事项');
    at = await repo.parentIdOf(db, at);
  }
}

/** The parent item, as absent to a caller who may not see it. */
async function visibleParent(db: Conn, actor: Actor, id: number) {
  return visibleItem(db, actor, id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('上级事项') : err;
  });
}

function assertMayLink(actor: Actor, child: Party[], parent: Party[] | null): void {
  // Either side's coordinator of either table: the city breaking its commitment down, or the province following its own.
  if (!canEditItems(actor, child) && !(parent && canEditItems(actor, parent))) throw forbidden('只有上级或本级会商双方的联络员可以调整事项分解');
}

/** Links the item to a parent one level up, or unlinks it; version-checked and audited. */
export async function setParent(deps: Deps, ctx: RequestContext, childId: number, input: ItemParentSet): Promise<Item> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const child = await visibleItem(tx, ctx.actor, childId);
    const current = await repo.parentOf(tx, childId);
    const currentParentId = current?.parent_id ?? null;
    const next = input.parentItemId === null ? null : await visibleParent(tx, ctx.actor, input.parentItemId);
    // Unlinking answers to the coordinators of the table the item leaves, when the caller sees it.
    const currentParent = next === null && currentParentId !== null ? await visibleItem(tx, ctx.actor, currentParentId).catch(() => null) : null;
    assertMayLink(ctx.actor, child.parties, next?.parties ?? currentParent?.parties ?? null);
    if (child.consultation.status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，事项分解不能再调整');
    if (child.row.version !== input.version) throw versionConflict('ITEM_VERSION_CONFLICT');
    if (next) {
      if (currentParentId !== null && currentParentId !== next.row.id) {
        throw new AppError('ITEM_ALREADY_LINKED', '该事项已是另一上级事项的分解事项，请先解除原关联', { parentItemId: currentParentId });
      }
      await assertNoCycle(tx, childId, next.row.id);
      await assertOneLevelDown(tx, next.parties, child.parties);
    }
    const parentId = next?.row.id ?? null;
    if (parentId === currentParentId) return loadItem(tx, childId);
    await setItemParent(tx, ctx, childId, { from: currentParentId, to: parentId, version: input.version, now });
    return loadItem(tx, childId);
  });
}

/** Breaks an item down into a new item of a consultation one level down, in one transaction. */
export async function createChild(deps: Deps, ctx: RequestContext, parentId: number, input: ItemChildCreate): Promise<Item> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const parent = await visibleParent(tx, ctx.actor, parentId);
    // Scope, coordinator of the child's table and an open list: as any new item of that consultation.
    const [item] = await addItemsIn(tx, deps, ctx, input.consultationId, [input.item], (field) => `body.item.${field}`);
    const childParties = (await repo.partiesOf(tx, [input.consultationId])).get(input.consultationId) ?? [];
    await assertOneLevelDown(tx, parent.parties, childParties);
    await setItemParent(tx, ctx, item.id, { from: null, to: parent.row.id, version: null, now });
    return item;
  });
}

/** Where the caller may break this item down: visible consultations one level down, open or not. */
export async function breakdownTargets(deps: Deps, actor: Actor, parentId: number): Promise<BreakdownTarget[]> {
  assertCanRead(actor);
  const parent = await visibleItem(deps.db, actor, parentId);
  const consultations = (await repo.openConsultationsOf(deps.db, actor)).filter((c) => c.id !== parent.row.consultation_id);
  const parties = await repo.partiesOf(
    deps.db,
    consultations.map((c) => c.id),
  );
  const orgs = await repo.orgsOnPaths(
    deps.db,
    [...parent.parties, ...[...parties.values()].flat()].map((p) => p.orgPath),
  );
  const editsParent = canEditItems(actor, parent.parties);
  const out: BreakdownTarget[] = [];
  for (const c of consultations) {
    const own = parties.get(c.id) ?? [];
    if (!oneLevelDown(parent.parties, own, orgs)) continue;
    const editsChild = canEditItems(actor, own);
    if (!editsChild && !editsParent) continue;
    out.push({
      id: c.id,
      title: c.title,
      year: c.year,
      partnerOrgs: own.filter((p) => p.side === 'partner').map((p) => p.orgName),
      canCreate: editsChild && listIsOpen(c.status),
    });
  }
  return out;
}
