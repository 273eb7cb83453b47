import type { FastifyInstance } from 'fastify';
import { notificationEndpoints as api } from '../../../domain/notifications.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { defaultTransport } from './notifications.delivery.js';
import * as service from './notifications.service.js';
import * as reminders from './reminders.service.js';

export function registerNotificationRoutes(app: FastifyInstance, deps: Deps): void {
  const transport = defaultTransport(deps.config);

  defineRoute(app, api.inbox, { summary: '本人的通知（新的在前；unread=true 只看未读；含未读数）', tags: ['notifications'] }, async ({ query, actor }) =>
    service.listInbox(deps, actor, query),
  );
  defineRoute(app, api.markRead, { summary: '标记一条通知已读', tags: ['notifications'] }, async ({ params, ctx }) => service.markOneRead(deps, ctx, params.id));
  defineRoute(app, api.markAllRead, { summary: '全部标记已读', tags: ['notifications'] }, async ({ ctx }) => service.markAllRead(deps, ctx));

  defineRoute(app, api.itemReminders, { summary: '事项的催办记录（自动与人工）', tags: ['reminders'] }, async ({ params, actor }) =>
    reminders.listReminders(deps, actor, params.id),
  );
  defineRoute(app, api.remind, { summary: '催办（市局联络员，附催办内容）', tags: ['reminders'] }, async ({ params, body, ctx }) =>
    reminders.createManualReminder(deps, ctx, params.id, body.note),
  );

  defineRoute(app, api.ownEmail, { summary: '本人接收通知的电子邮箱', tags: ['auth'] }, async ({ actor }) => service.getOwnEmail(deps, actor));
  defineRoute(app, api.setOwnEmail, { summary: '设置本人接收通知的电子邮箱（null 清除）', tags: ['auth'] }, async ({ body, ctx }) => service.setOwnEmail(deps, ctx, body.email));

  defineRoute(app, api.deliveries, { summary: '邮件与群机器人推送记录（系统管理员；不含消息内容）', tags: ['notifications'], anyOf: ['org.manage'] }, async ({ query, actor }) =>
    service.listDeliveries(deps, actor, query),
  );
  defineRoute(app, api.orgWebhooks, { summary: '组织的群机器人设置（系统管理员）', tags: ['organisations'], anyOf: ['org.manage'] }, async ({ params, actor }) =>
    service.getWebhooks(deps, actor, params.id),
  );
  defineRoute(
    app,
    api.setOrgWebhooks,
    { summary: '设置企业微信、钉钉群机器人（系统管理员；须带版本号）', tags: ['organisations'], anyOf: ['org.manage'] },
    async ({ params, body, ctx }) => service.updateWebhooks(deps, ctx, params.id, body),
  );
  defineRoute(app, api.testOrgWebhook, { summary: '向群机器人发送测试消息（系统管理员）', tags: ['organisations'], anyOf: ['org.manage'] }, async ({ params, body, ctx }) =>
    service.testWebhook(deps, ctx, transport, params.id, body.kind),
  );
}
