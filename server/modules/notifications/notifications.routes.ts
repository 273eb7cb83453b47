import type { FastifyInstance } from 'fastify';
import { listResponse, zIdParams } from '../../../domain/common.js';
import {
  zDeliveryListQuery,
  zDeliveryRow,
  zEmailResponse,
  zEmailUpdate,
  zNotification,
  zNotificationList,
  zNotificationListQuery,
  zOrgWebhooks,
  zOrgWebhooksUpdate,
  zReminder,
  zReminderCreate,
  zWebhookTest,
  zWebhookTestResult,
} from '../../../domain/notifications.js';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { defaultTransport } from './notifications.delivery.js';
import * as service from './notifications.service.js';
import * as reminders from './reminders.service.js';

export function registerNotificationRoutes(app: FastifyInstance, deps: Deps): void {
  const transport = defaultTransport(deps.config);

  defineRoute(
    app,
    { method: 'GET', url: '/notifications', summary: '本人的通知（新的在前；unread=true 只看未读；含未读数）', tags: ['notifications'], query: zNotificationListQuery, response: zNotificationList },
    async ({ query, actor }) => service.listInbox(deps, actor, query),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/notifications/:id/read', summary: '标记一条通知已读', tags: ['notifications'], params: zIdParams, response: zNotification },
    async ({ params, ctx }) => service.markOneRead(deps, ctx, params.id),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/notifications/read-all', summary: '全部标记已读', tags: ['notifications'], response: z.object({ ok: z.literal(true), count: z.number() }) },
    async ({ ctx }) => service.markAllRead(deps, ctx),
  );

  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/reminders', summary: '事项的催办记录（自动与人工）', tags: ['reminders'], params: zIdParams, response: listResponse(zReminder) },
    async ({ params, actor }) => reminders.listReminders(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/items/:id/reminders', summary: '催办（市局联络员，附催办内容）', tags: ['reminders'], params: zIdParams, body: zReminderCreate, response: zReminder, status: 201 },
    async ({ params, body, ctx }) => reminders.createManualReminder(deps, ctx, params.id, body.note),
  );

  defineRoute(
    app,
    { method: 'GET', url: '/me/email', summary: '本人接收通知的电子邮箱', tags: ['auth'], response: zEmailResponse },
    async ({ actor }) => service.getOwnEmail(deps, actor),
  );
  defineRoute(
    app,
    { method: 'PUT', url: '/me/email', summary: '设置本人接收通知的电子邮箱（null 清除）', tags: ['auth'], body: zEmailUpdate, response: zEmailResponse },
    async ({ body, ctx }) => service.setOwnEmail(deps, ctx, body.email),
  );

  defineRoute(
    app,
    { method: 'GET', url: '/deliveries', summary: '邮件与群机器人推送记录（系统管理员；不含消息内容）', tags: ['notifications'], query: zDeliveryListQuery, response: listResponse(zDeliveryRow) },
    async ({ query, actor }) => service.listDeliveries(deps, actor, query),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/organisations/:id/webhooks', summary: '组织的群机器人设置（系统管理员）', tags: ['organisations'], params: zIdParams, response: zOrgWebhooks },
    async ({ params, actor }) => service.getWebhooks(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'PUT', url: '/organisations/:id/webhooks', summary: '设置企业微信、钉钉群机器人（系统管理员；须带版本号）', tags: ['organisations'], params: zIdParams, body: zOrgWebhooksUpdate, response: zOrgWebhooks },
    async ({ params, body, ctx }) => service.updateWebhooks(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/organisations/:id/webhooks/test', summary: '向群机器人发送测试消息（系统管理员）', tags: ['organisations'], params: zIdParams, body: zWebhookTest, response: zWebhookTestResult },
    async ({ params, body, ctx }) => service.testWebhook(deps, ctx, transport, params.id, body.kind),
  );
}
