import type { DeliveryRow, DeliveryStatus, Notification, OrgWebhooks, OrgWebhooksUpdate, WebhookKind } from '../../../domain/notifications.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { auditMark, openField, openNullable, sealNullable } from '../../platform/field-crypto.js';
import { sealedContact } from '../users/users.service.js';
import { adminScopePath, assertInScope } from '../organisations/organisations.policy.js';
import { allowedWebhookHost, sendToRobot, type Transport } from './notifications.delivery.js';
import * as repo from './notifications.repo.js';

// ---- the inbox: every signed-in user has one, and sees only their own ----

export async function listInbox(deps: Deps, actor: Actor, q: { unread?: 'true' | 'false'; limit: number; cursor?: string }) {
  const before = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.listNotifications(deps.db, actor.userId, { unread: q.unread === 'true', before, limit: q.limit + 1 });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  return {
    data: page.map(repo.presentNotification),
    nextCursor,
    unreadCount: await repo.unreadCount(deps.db, actor.userId),
  };
}

export async function markOneRead(deps: Deps, ctx: RequestContext, id: number): Promise<Notification> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await repo.getOwnNotification(tx, ctx.actor.userId, id);
    // Someone else's notification is as absent as a missing one.
    if (!row) throw notFound('通知');
    if (!row.read_at && (await repo.markRead(tx, ctx.actor.userId, id, now))) {
      await recordAudit(tx, ctx, now, { action: 'notification.read', entityType: 'notification', entityId: id, before: { readAt: null }, after: { readAt: now } });
    }
    return repo.presentNotification((await repo.getOwnNotification(tx, ctx.actor.userId, id))!);
  });
}

export async function markAllRead(deps: Deps, ctx: RequestContext): Promise<{ ok: true; count: number }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const count = await repo.markRead(tx, ctx.actor.userId, null, now);
    if (count) await recordAudit(tx, ctx, now, { action: 'notification.read', entityType: 'user', entityId: ctx.actor.userId, after: { readAll: count } });
    return { ok: true as const, count };
  });
}

// ---- the user's own e-mail address, where their notifications are mailed ----

export async function setOwnEmail(deps: Deps, ctx: RequestContext, email: string | null): Promise<{ email: string | null }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('users').select(['email', 'version']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
    const was = openNullable(row.email);
    if (was === email) return { email };
    await tx
      .updateTable('users')
      .set({ ...sealedContact({ email }), version: row.version + 1, updated_at: now })
      .where('id', '=', ctx.actor.userId)
      .execute();
    await recordAudit(tx, ctx, now, {
      action: 'user.email_update',
      entityType: 'user',
      entityId: ctx.actor.userId,
      before: { email: auditMark(was) },
      after: { email: auditMark(email) },
    });
    return { email };
  });
}

export async function getOwnEmail(deps: Deps, actor: Actor): Promise<{ email: string | null }> {
  const row = await deps.db.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return { email: openNullable(row.email) };
}

// ---- group robots per organisation, managed by the system administrator of that subtree ----

async function orgInScope(db: Db | Tx, actor: Actor, orgId: number) {
  const scope = adminScopePath(actor, 'org.manage');
  const org = await db.selectFrom('organisations').select(['id', 'path']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw notFound('组织', '组织不存在或不在管理范围内');
  assertInScope(scope, org.path);
  return org;
}

async function presentWebhooks(db: Db | Tx, orgId: number): Promise<OrgWebhooks> {
  const w = await db.selectFrom('org_webhooks').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  // What went out to this organisation's robots lately: the administrator sees failures without reading messages.
  const recent = await db
    .selectFrom('deliveries')
    .select(['id', 'channel', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
    .where('channel', 'in', ['wecom', 'dingtalk'])
    .where('target', '=', String(orgId))
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  return {
    orgId,
    wecomUrl: openNullable(w?.wecom_url),
    dingtalkUrl: openNullable(w?.dingtalk_url),
    hasDingtalkSecret: !!w?.dingtalk_secret,
    version: w?.version ?? 0,
    updatedAt: w?.updated_at ?? null,
    recentDeliveries: recent.map((d) => ({
      id: d.id,
      channel: d.channel as 'wecom' | 'dingtalk',
      status: d.status as 'pending' | 'sending' | 'sent' | 'failed',
      attempts: d.attempts,
      lastError: d.last_error,
      createdAt: d.created_at,
      sentAt: d.sent_at,
    })),
  };
}

export async function getWebhooks(deps: Deps, actor: Actor, orgId: number): Promise<OrgWebhooks> {
  await orgInScope(deps.db, actor, orgId);
  return presentWebhooks(deps.db, orgId);
}

export async function updateWebhooks(deps: Deps, ctx: RequestContext, orgId: number, input: OrgWebhooksUpdate): Promise<OrgWebhooks> {
  // Scope first: the allow-list below is for the organisation's administrator to learn, nobody else.
  await orgInScope(deps.db, ctx.actor, orgId);
  for (const [field, url] of [
    ['wecomUrl', input.wecomUrl],
    ['dingtalkUrl', input.dingtalkUrl],
  ] as const) {
    if (url && !allowedWebhookHost(deps.config, url)) {
      throw new AppError('WEBHOOK_HOST_NOT_ALLOWED', `群机器人地址的主机须为：${deps.config.WEBHOOK_HOSTS}`, [{ field: `body.${field}`, message: '主机不在允许范围内' }]);
    }
  }
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    await orgInScope(tx, ctx.actor, orgId);
    const before = await tx.selectFrom('org_webhooks').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    if ((before?.version ?? 0) !== input.version) throw versionConflict();
    // The secret kept as it was stays sealed as it was; a new one is sealed here.
    const sealedSecret = input.dingtalkSecret === undefined ? (before?.dingtalk_secret ?? null) : sealNullable(input.dingtalkSecret || null);
    const values = {
      wecom_url: sealNullable(input.wecomUrl),
      dingtalk_url: sealNullable(input.dingtalkUrl),
      dingtalk_secret: input.dingtalkUrl ? sealedSecret : null,
      updated_by: ctx.actor.userId,
      updated_at: now,
    };
    if (before) {
      const res = await tx
        .updateTable('org_webhooks')
        .set({ ...values, version: before.version + 1 })
        .where('org_id', '=', orgId)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    } else {
      await tx
        .insertInto('org_webhooks')
        .values({ org_id: orgId, ...values, version: 1 })
        .execute()
        .catch(() => {
          // Another administrator created the row first: their version wins, this one is stale.
          throw versionConflict();
        });
    }
    // The URLs carry the robots' access tokens: the audit log keeps marks of them, and of the secret only whether there is one.
    const view = (w: { wecom_url: string | null; dingtalk_url: string | null; dingtalk_secret: string | null } | undefined) =>
      w ? { wecomUrl: auditMark(openNullable(w.wecom_url)), dingtalkUrl: auditMark(openNullable(w.dingtalk_url)), dingtalkSigned: !!w.dingtalk_secret } : null;
    await recordAudit(tx, ctx, now, { action: 'org.webhooks_update', entityType: 'organisation', entityId: orgId, before: view(before), after: view(values) });
    return presentWebhooks(tx, orgId);
  });
}

/**
 * Sends a test message now and reports the robot's answer: the administrator setting a robot up
 * needs to know at once whether the address works, which a queued delivery would not tell them.
 */
export async function testWebhook(deps: Deps, ctx: RequestContext, transport: Transport, orgId: number, kind: WebhookKind): Promise<{ ok: boolean; error: string | null }> {
  await orgInScope(deps.db, ctx.actor, orgId);
  const w = await deps.db.selectFrom('org_webhooks').select(['wecom_url', 'dingtalk_url']).where('org_id', '=', orgId).executeTakeFirst();
  if (!(kind === 'wecom' ? w?.wecom_url : w?.dingtalk_url)) throw new AppError('UNPROCESSABLE', '尚未配置该群机器人地址');
  let error: string | null = null;
  try {
    await sendToRobot(deps, transport, kind, orgId, '会商平台测试消息', `这是一条测试消息，由 ${ctx.actor.displayName} 发送。`);
  } catch (err) {
    error = String((err as Error).message ?? err).slice(0, 300);
  }
  const now = deps.clock.now().toISOString();
  await deps.db
    .transaction()
    .execute((tx) => recordAudit(tx, ctx, now, { action: 'org.webhook_test', entityType: 'organisation', entityId: orgId, after: { kind, ok: !error, error } }));
  return { ok: !error, error };
}

/**
 * The outbox as the system administrator sees it: e-mails to users and robot messages to
 * organisations within their subtree, newest first — where failures that were given up show.
 */
export async function listDeliveries(deps: Deps, actor: Actor, q: { status?: DeliveryStatus; limit: number; cursor?: string }) {
  const scope = adminScopePath(actor, 'org.manage');
  const before = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.listDeliveries(deps.db, scope, { status: q.status, before, limit: q.limit + 1 });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  const orgIds = page.filter((d) => d.channel !== 'email').map((d) => Number(d.target));
  const names = new Map(orgIds.length ? (await deps.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [o.id, o.name]) : []);
  const data: DeliveryRow[] = page.map((d) => ({
    id: d.id,
    channel: d.channel as DeliveryRow['channel'],
    target: d.channel === 'email' ? openField(d.target) : (names.get(Number(d.target)) ?? d.target),
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastError: d.last_error,
    nextAttemptAt: d.next_attempt_at,
    createdAt: d.created_at,
    sentAt: d.sent_at,
  }));
  return { data, nextCursor };
}
