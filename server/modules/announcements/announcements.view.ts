import type { Announcement } from '../../../domain/announcements.js';
import type { Role } from '../../../domain/roles.js';
import type { Actor } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import type { AnnouncementsTable } from '../../platform/db-schema.js';
import { officesOf } from './announcements.office.js';

type Row = Omit<AnnouncementsTable, 'id'> & { id: number; org_name: string; author_name: string };

/** The announcement rows with the names a view shows. */
export function announcementRows(db: Db | Tx) {
  return db
    .selectFrom('announcements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .innerJoin('users as u', 'u.id', 'a.author_id')
    .selectAll('a')
    .select(['o.name as org_name', 'u.display_name as author_name']);
}

/**
 * Views of a page of rows for this caller: the audience's organisations, the caller's own receipt
 * and, for the office's rows, how many have read it — one query each for the whole page.
 */
export async function toViews(db: Db | Tx, actor: Actor, rows: Row[]): Promise<Announcement[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const offices = new Set(officesOf(actor).map((o) => o.orgId));
  const audience = await db
    .selectFrom('announcement_orgs as ao')
    .innerJoin('organisations as o', 'o.id', 'ao.org_id')
    .select(['ao.announcement_id', 'o.id', 'o.name'])
    .where('ao.announcement_id', 'in', ids)
    .orderBy('o.path')
    .execute();
  const mine = new Map(
    (await db.selectFrom('announcement_recipients').select(['announcement_id', 'read_at']).where('user_id', '=', actor.userId).where('announcement_id', 'in', ids).execute()).map(
      (r) => [r.announcement_id, r.read_at],
    ),
  );
  const officeIds = rows.filter((r) => offices.has(r.org_id)).map((r) => r.id);
  const counts = new Map<number, { recipients: number; read: number }>();
  if (officeIds.length) {
    const tallies = await db
      .selectFrom('announcement_recipients')
      .select((eb) => ['announcement_id', eb.fn.countAll<number | string>().as('n'), eb.fn.count<number | string>('read_at').as('r')])
      .where('announcement_id', 'in', officeIds)
      .groupBy('announcement_id')
      .execute();
    for (const t of tallies) counts.set(t.announcement_id, { recipients: Number(t.n), read: Number(t.r) });
  }
  return rows.map((r) => {
    const office = offices.has(r.org_id);
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      pinned: r.pinned === 1,
      status: r.status,
      org: { id: r.org_id, name: r.org_name },
      author: { id: r.author_id, name: r.author_name },
      audience: { orgs: audience.filter((a) => a.announcement_id === r.id).map((a) => ({ id: a.id, name: a.name })), roles: JSON.parse(r.audience_roles) as Role[] },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      withdrawnAt: r.withdrawn_at,
      version: r.version,
      received: mine.has(r.id),
      readAt: mine.get(r.id) ?? null,
      receipts: office && r.status !== 'draft' ? (counts.get(r.id) ?? { recipients: 0, read: 0 }) : null,
      can: {
        edit: office && r.status !== 'published',
        publish: office && r.status !== 'published',
        withdraw: office && r.status === 'published',
        delete: office && r.status === 'draft',
        receipts: office && r.status !== 'draft',
      },
    };
  });
}
