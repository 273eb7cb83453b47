import type { FastifyInstance } from 'fastify';
import { announcementEndpoints as api } from '../../../domain/announcements.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import {
  audienceOrgs,
  createAnnouncement,
  deleteAnnouncement,
  getAnnouncement,
  listAnnouncements,
  markRead,
  publishAnnouncement,
  receipts,
  updateAnnouncement,
  withdrawAnnouncement,
} from './announcements.service.js';

const tags = ['announcements'];
const office = { tags, anyOf: ['announcement.publish'] as const };

/** 通知公告: every signed-in user reads what reached them; an office with announcement.publish drafts and publishes. */
export function registerAnnouncementRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '通知公告（inbox：发给我的；office：本单位起草与发布的）', tags }, async ({ ctx, query }) => listAnnouncements(deps, ctx.actor, query));
  defineRoute(app, api.audience, { summary: '可选的发送单位（本辖区）', ...office }, async ({ ctx }) => ({ data: await audienceOrgs(deps, ctx.actor) }));
  defineRoute(app, api.get, { summary: '通知公告详情', tags }, async ({ ctx, params }) => getAnnouncement(deps, ctx.actor, params.id));
  defineRoute(app, api.create, { summary: '起草通知公告', ...office }, async ({ ctx, body }) => createAnnouncement(deps, ctx, body));
  defineRoute(app, api.update, { summary: '修改草稿或已撤回的通知公告', ...office }, async ({ ctx, params, body }) => updateAnnouncement(deps, ctx, params.id, body));
  defineRoute(app, api.remove, { summary: '删除草稿', ...office }, async ({ ctx, params }) => deleteAnnouncement(deps, ctx, params.id));
  defineRoute(app, api.publish, { summary: '发布：按发送范围生成接收人', ...office }, async ({ ctx, params }) => publishAnnouncement(deps, ctx, params.id));
  defineRoute(app, api.withdraw, { summary: '撤回已发布的通知公告', ...office }, async ({ ctx, params }) => withdrawAnnouncement(deps, ctx, params.id));
  defineRoute(app, api.markRead, { summary: '标记为已读（回执）', tags }, async ({ ctx, params }) => markRead(deps, ctx.actor, params.id));
  defineRoute(app, api.receipts, { summary: '阅读回执：接收人及阅读时间', ...office }, async ({ ctx, params, query }) =>
    receipts(deps, ctx.actor, params.id, query.unread === 'true'),
  );
}
