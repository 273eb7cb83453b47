import type { Announcement, AnnouncementInput, AnnouncementReceipt, AnnouncementStatus } from '../../../domain/announcements.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Db, Tx } from '../../platform/db.js';
import { pathUnder } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { checkedAudienceOrgs, jurisdictionOf, officesOf, recipientIds, requireOffice, type Office } from './announcements.office.js';
import { announcementRows, toViews } from './announcements.view.js';
import { dropRow, indexRow } from '../search/search.index.js';

const gone = () => notFound('通知公告');

export interface ListQuery {
  box: 'inbox' | 'office';
  unread?: 'true';
  status?: AnnouncementStatus;
  limit: number;
  cursor?: string;
}

/**
 * The inbox holds what was published to the caller, pinned first, newest first; the office box
 * holds everything the caller's office drafted or published, last changed first.
 */
export async function listAnnouncements(deps: Deps, actor: Actor, q: ListQuery) {
  const unreadCount = await countUnread(deps.db, actor.userId);
  if (q.box === 'office') {
    const offices = officesOf(actor).map((o) => o.orgId);
    if (!offices.length) requireOffice(actor);
    let sel = announcementRows(deps.db).where('a.org_id', 'in', offices);
    if (q.status) sel = sel.where('a.status', '=', q.status);
    if (q.cursor) {
      const [at, id] = decodeCursor<[string, number]>(q.cursor, ['string', 'number']);
      sel = sel.where((eb) => eb.or([eb('a.updated_at', '<', at), eb.and([eb('a.updated_at', '=', at), eb('a.id', '<', id)])]));
    }
    const rows = await sel
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const { page, nextCursor } = pageOf(rows, q.limit, (r) => encodeCursor([r.updated_at, r.id]));
    return { data: await toViews(deps.db, actor, page), nextCursor, unreadCount };
  }
  let sel = announcementRows(deps.db)
    .innerJoin('announcement_recipients as r', (j) => j.onRef('r.announcement_id', '=', 'a.id').on('r.user_id', '=', actor.userId))
    .where('a.status', '=', 'published');
  if (q.unread) sel = sel.where('r.read_at', 'is', null);
  if (q.cursor) {
    const [pinned, at, id] = decodeCursor<[number, string, number]>(q.cursor, ['number', 'string', 'number']);
    sel = sel.where((eb) =>
      eb.or([
        eb('a.pinned', '<', pinned),
        eb.and([eb('a.pinned', '=', pinned), eb.or([eb('a.published_at', '<', at), eb.and([eb('a.published_at', '=', at), eb('a.id', '<', id)])])]),
      ]),
    );
  }
  const rows = await sel
    .orderBy('a.pinned', 'desc')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const { page, nextCursor } = pageOf(rows, q.limit, (r) => encodeCursor([r.pinned, r.published_at ?? '', r.id]));
  return { data: await toViews(deps.db, actor, page), nextCursor, unreadCount };
}

async function countUnread(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('announcement_recipients as r')
    .innerJoin('announcements as a', 'a.id', 'r.announcement_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('r.user_id', '=', userId)
    .where('r.read_at', 'is', null)
    .where('a.status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One announcement as the caller may see it: the office's own in any state, a recipient's while published. */
async function visible(db: Db | Tx, actor: Actor, id: number) {
  const row = await announcementRows(db).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw gone();
  if (officesOf(actor).some((o) => o.orgId === row.org_id)) return { row, office: true };
  if (row.status !== 'published') throw gone();
  const receipt = await db.selectFrom('announcement_recipients').select('read_at').where('announcement_id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!receipt) throw gone();
  return { row, office: false };
}

export async function getAnnouncement(deps: Deps, actor: Actor, id: number): Promise<Announcement> {
  const { row } = await visible(deps.db, actor, id);
  return (await toViews(deps.db, actor, [row]))[0]!;
}

/** The office's row for a change, or 404 (another office's notice is not there to change). */
async function ownRow(tx: Tx, actor: Actor, id: number) {
  const { row, office } = await visible(tx, actor, id);
  if (!office) throw gone();
  return row;
}

/** The jurisdiction's organisations (not the departments' own subunits' kinds filtered: any unit may be addressed). */
export async function audienceOrgs(deps: Deps, actor: Actor) {
  const area = await jurisdictionOf(deps.db, requireOffice(actor));
  const rows = await deps.db
    .selectFrom('organisations')
    .select(['id', 'name', 'parent_id', 'kind'])
    .where((eb) => pathUnder(eb, eb.ref('path'), area.path))
    .orderBy('path')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.id === area.id ? null : r.parent_id, kind: r.kind }));
}

async function writeAudience(tx: Tx, office: Office, id: number, orgIds: number[]): Promise<void> {
  const orgs = await checkedAudienceOrgs(tx, office, orgIds);
  await tx.deleteFrom('announcement_orgs').where('announcement_id', '=', id).execute();
  if (orgs.length) {
    await tx
      .insertInto('announcement_orgs')
      .values(orgs.map((o) => ({ announcement_id: id, org_id: o.id })))
      .execute();
  }
}

const fields = (input: AnnouncementInput) => ({
  kind: input.kind,
  title: input.title,
  body: input.body,
  pinned: input.pinned ? 1 : 0,
  audience_roles: JSON.stringify([...new Set(input.roles)]),
});
const auditable = (input: AnnouncementInput) => ({
  kind: input.kind,
  title: input.title,
  pinned: input.pinned,
  orgIds: [...new Set(input.orgIds)],
  roles: [...new Set(input.roles)],
});

export async function createAnnouncement(deps: Deps, ctx: RequestContext, input: AnnouncementInput): Promise<Announcement> {
  const office = requireOffice(ctx.actor);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('announcements')
      .values({ ...fields(input), status: 'draft', org_id: office.orgId, author_id: ctx.actor.userId, created_at: now, updated_at: now, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudience(tx, office, row.id, input.orgIds);
    await indexRow(tx, 'announcement', row.id);
    await recordAudit(tx, ctx, now, { action: 'announcement.create', entityType: 'announcement', entityId: row.id, after: auditable(input) });
    return row.id;
  });
  return getAnnouncement(deps, ctx.actor, id);
}

export async function updateAnnouncement(deps: Deps, ctx: RequestContext, id: number, input: AnnouncementInput & { version: number }): Promise<Announcement> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await ownRow(tx, ctx.actor, id);
    if (row.status === 'published') throw new AppError('INVALID_TRANSITION', '已发布的通知公告不能修改，请先撤回');
    if (row.version !== input.version) throw versionConflict();
    const done = await tx
      .updateTable('announcements')
      .set({ ...fields(input), updated_at: now, version: row.version + 1 })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw versionConflict();
    await indexRow(tx, 'announcement', id);
    const before = await tx.selectFrom('announcement_orgs').select('org_id').where('announcement_id', '=', id).execute();
    await writeAudience(tx, { orgId: row.org_id, orgPath: await orgPath(tx, row.org_id) }, id, input.orgIds);
    await recordAudit(tx, ctx, now, {
      action: 'announcement.update',
      entityType: 'announcement',
      entityId: id,
      before: { kind: row.kind, title: row.title, pinned: row.pinned === 1, orgIds: before.map((b) => b.org_id), roles: JSON.parse(row.audience_roles) },
      after: auditable(input),
    });
  });
  return getAnnouncement(deps, ctx.actor, id);
}

async function orgPath(db: Db | Tx, orgId: number): Promise<string> {
  return (await db.selectFrom('organisations').select('path').where('id', '=', orgId).executeTakeFirstOrThrow()).path;
}

export async function deleteAnnouncement(deps: Deps, ctx: RequestContext, id: number): Promise<{ ok: true }> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await ownRow(tx, ctx.actor, id);
    if (row.status !== 'draft') throw new AppError('INVALID_TRANSITION', '只能删除草稿；已发布过的通知公告请撤回');
    await tx.deleteFrom('announcement_orgs').where('announcement_id', '=', id).execute();
    await tx.deleteFrom('announcements').where('id', '=', id).execute();
    await dropRow(tx, 'announcement', id);
    await recordAudit(tx, ctx, now, { action: 'announcement.delete', entityType: 'announcement', entityId: id, before: { title: row.title } });
  });
  return { ok: true };
}

/**
 * Publishing writes a receipt row for everyone it reaches at this moment; publishing again after a
 * withdrawal reaches the audience as it is then, and everyone reads it anew.
 */
export async function publishAnnouncement(deps: Deps, ctx: RequestContext, id: number): Promise<Announcement> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await ownRow(tx, ctx.actor, id);
    if (row.status === 'published') throw new AppError('INVALID_TRANSITION', '该通知公告已发布');
    const office = { orgId: row.org_id, orgPath: await orgPath(tx, row.org_id) };
    const audience = await tx
      .selectFrom('announcement_orgs as ao')
      .innerJoin('organisations as o', 'o.id', 'ao.org_id')
      .select('o.path')
      .where('ao.announcement_id', '=', id)
      .execute();
    const users = await recipientIds(
      tx,
      row,
      audience.map((a) => a.path),
      office,
    );
    if (!users.length) throw new AppError('UNPROCESSABLE', '发送范围内没有可接收的用户，请调整发送单位或角色');
    await tx.deleteFrom('announcement_recipients').where('announcement_id', '=', id).execute();
    // Batches keep each insert well inside SQLite's bound-parameter limit.
    for (let i = 0; i < users.length; i += 300) {
      await tx
        .insertInto('announcement_recipients')
        .values(users.slice(i, i + 300).map((u) => ({ announcement_id: id, user_id: u, read_at: null })))
        .execute();
    }
    await tx
      .updateTable('announcements')
      .set({ status: 'published', published_at: now, withdrawn_at: null, updated_at: now, version: row.version + 1 })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, now, {
      action: 'announcement.publish',
      entityType: 'announcement',
      entityId: id,
      before: { status: row.status },
      after: { status: 'published', recipients: users.length },
    });
  });
  return getAnnouncement(deps, ctx.actor, id);
}

export async function withdrawAnnouncement(deps: Deps, ctx: RequestContext, id: number): Promise<Announcement> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const row = await ownRow(tx, ctx.actor, id);
    if (row.status !== 'published') throw new AppError('INVALID_TRANSITION', '只有已发布的通知公告可以撤回');
    await tx
      .updateTable('announcements')
      .set({ status: 'withdrawn', withdrawn_at: now, updated_at: now, version: row.version + 1 })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, now, { action: 'announcement.withdraw', entityType: 'announcement', entityId: id, before: { status: 'published' }, after: { status: 'withdrawn' } });
  });
  return getAnnouncement(deps, ctx.actor, id);
}

/** The caller's receipt: the first reading counts, later ones leave the time as it was. */
export async function markRead(deps: Deps, actor: Actor, id: number): Promise<Announcement> {
  await visible(deps.db, actor, id);
  await deps.db
    .updateTable('announcement_recipients')
    .set({ read_at: deps.clock.now().toISOString() })
    .where('announcement_id', '=', id)
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .execute();
  return getAnnouncement(deps, actor, id);
}

/** Who received it and who has read it, unread first, by organisation. */
export async function receipts(deps: Deps, actor: Actor, id: number, unread: boolean): Promise<{ data: AnnouncementReceipt[]; recipients: number; read: number }> {
  const { row, office } = await visible(deps.db, actor, id);
  if (!office) throw gone();
  if (row.status === 'draft') return { data: [], recipients: 0, read: 0 };
  const rows = await deps.db
    .selectFrom('announcement_recipients as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.display_name', 'o.id as org_id', 'o.name as org_name', 'o.path', 'r.read_at'])
    .where('r.announcement_id', '=', id)
    .execute();
  const all = rows
    .map((r) => ({ userId: r.id, displayName: r.display_name, org: { id: r.org_id, name: r.org_name }, readAt: r.read_at, path: r.path }))
    .sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || a.path.localeCompare(b.path) || a.displayName.localeCompare(b.displayName, 'zh'));
  const read = all.filter((r) => r.readAt).length;
  return { data: all.filter((r) => !unread || !r.readAt).map(({ path: _path, ...r }) => r), recipients: all.length, read };
}
