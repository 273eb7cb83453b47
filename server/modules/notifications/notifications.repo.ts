import type { DeliveryChannel } from '../../../domain/notifications.js';
import type { Db, Tx } from '../../platform/db.js';
import type { NotificationsTable } from '../../platform/db-schema.js';
import { sql, type Insertable } from 'kysely';
import { openNullable, sealField } from '../../platform/field-crypto.js';

type Conn = Db | Tx;

export async function pendingEvents(db: Conn, afterId: number, limit: number) {
  return db
    .selectFrom('domain_events')
    .select(['id', 'type', 'consultation_id', 'item_id', 'entity_type', 'entity_id', 'actor_id', 'data_json', 'created_at'])
    .where('processed_at', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
export type EventRow = Awaited<ReturnType<typeof pendingEvents>>[number];

export async function markEventProcessed(tx: Tx, id: number, at: string): Promise<boolean> {
  const res = await tx.updateTable('domain_events').set({ processed_at: at }).where('id', '=', id).where('processed_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function reportAuthor(tx: Conn, reportId: number): Promise<number | null> {
  const r = await tx.selectFrom('progress_reports').select('author_id').where('id', '=', reportId).executeTakeFirst();
  return r?.author_id ?? null;
}

export async function noticeDrafter(tx: Conn, noticeId: number): Promise<number | null> {
  const r = await tx.selectFrom('supervision_notices').select('drafted_by').where('id', '=', noticeId).executeTakeFirst();
  return r?.drafted_by ?? null;
}

/** Who filed a change request and for which side. */
export async function changeRequestFiler(tx: Conn, id: number): Promise<{ userId: number; side: 'host' | 'partner' } | null> {
  const r = await tx.selectFrom('change_requests').select(['created_by', 'side']).where('id', '=', id).executeTakeFirst();
  return r ? { userId: r.created_by, side: r.side } : null;
}

export async function insertNotifications(tx: Tx, rows: Insertable<NotificationsTable>[]): Promise<void> {
  if (rows.length) await tx.insertInto('notifications').values(rows).execute();
}

/** The people to notify, with their e-mail addresses opened. */
export async function usersContact(tx: Conn, ids: number[]) {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.email', 'u.display_name', 'o.path as org_path'])
    .where('u.id', 'in', ids)
    .where('u.status', '=', 'active')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ ...r, email: openNullable(r.email) }));
}

export async function webhooksOf(tx: Conn, orgIds: number[]) {
  if (!orgIds.length) return [];
  return tx
    .selectFrom('org_webhooks')
    .select(['org_id', 'wecom_url', 'dingtalk_url'])
    .where('org_id', 'in', orgIds)
    .where((eb) => eb.or([eb('wecom_url', 'is not', null), eb('dingtalk_url', 'is not', null)]))
    .execute();
}

export interface NewDelivery {
  channel: DeliveryChannel;
  /** E-mail: the plain address (sealed on the way in); a robot: the organisation's id. */
  target: string;
  /** E-mail: whom it is for. */
  userId?: number;
  dedupeKey: string;
  subject: string;
  body: string;
}

export async function enqueueDeliveries(tx: Conn, rows: NewDelivery[], eventId: number | null, now: string): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('deliveries')
    .values(
      rows.map((d) => ({
        channel: d.channel,
        target: d.channel === 'email' ? sealField(d.target) : d.target,
        user_id: d.userId ?? null,
        event_id: eventId,
        subject: d.subject,
        body: d.body,
        dedupe_key: d.dedupeKey,
        status: 'pending',
        next_attempt_at: now,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        sent_at: null,
        created_at: now,
      })),
    )
    // The key makes a second enqueue of the same message a no-op.
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

// ---- the inbox ----

export async function listNotifications(db: Conn, userId: number, f: { unread: boolean; before?: number; limit: number }) {
  let q = db.selectFrom('notifications').select(['id', 'type', 'title', 'body', 'consultation_id', 'item_id', 'read_at', 'created_at']).where('user_id', '=', userId);
  if (f.unread) q = q.where('read_at', 'is', null);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>[number];

export async function unreadCount(db: Conn, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getOwnNotification(db: Conn, userId: number, id: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'type', 'title', 'body', 'consultation_id', 'item_id', 'read_at', 'created_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markRead(tx: Conn, userId: number, id: number | null, at: string): Promise<number> {
  let q = tx.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== null) q = q.where('id', '=', id);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export function presentNotification(r: NotificationRow) {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    body: r.body,
    consultationId: r.consultation_id,
    itemId: r.item_id,
    readAt: r.read_at,
    createdAt: r.created_at,
  };
}

export async function listDeliveries(db: Conn, scopePath: string, f: { status?: string; before?: number; limit: number }) {
  let q = db
    .selectFrom('deliveries as d')
    .select(['d.id', 'd.channel', 'd.target', 'd.status', 'd.attempts', 'd.last_error', 'd.next_attempt_at', 'd.created_at', 'd.sent_at'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('d.channel', '=', 'email'),
          eb.exists(
            eb
              .selectFrom('users as u')
              .innerJoin('organisations as uo', 'uo.id', 'u.org_id')
              .select('u.id')
              .whereRef('u.id', '=', 'd.user_id')
              .where('uo.path', 'like', `${scopePath}%`),
          ),
        ]),
        eb.and([
          eb('d.channel', '!=', 'email'),
          eb.exists(
            eb
              .selectFrom('organisations as ro')
              .select('ro.id')
              .where(sql<boolean>`cast(ro.id as varchar(20)) = d.target`)
              .where('ro.path', 'like', `${scopePath}%`),
          ),
        ]),
      ]),
    );
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.before !== undefined) q = q.where('d.id', '<', f.before);
  return q.orderBy('d.id', 'desc').limit(f.limit).execute();
}
