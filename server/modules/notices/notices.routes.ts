import type { FastifyInstance } from 'fastify';
import { noticeEndpoints as api } from '../../../domain/notices.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './notices.service.js';

export function registerNoticeRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofItem, { summary: '事项的督办单（新的在前）', tags: ['notices'] }, async ({ params, actor }) => service.listItemNotices(deps, actor, params.id));
  defineRoute(app, api.draft, { summary: '为亮红灯的事项起草督办单（市局联络员），待领导签发', tags: ['notices'] }, async ({ params, body, ctx }) =>
    service.draftNotice(deps, ctx, params.id, body),
  );
  defineRoute(app, api.list, { summary: '督办单列表（看板与待办；按会商、状态、是否逾期未反馈筛选）', tags: ['notices'] }, async ({ query, actor }) =>
    service.listNotices(deps, actor, query),
  );
  defineRoute(app, api.get, { summary: '督办单详情', tags: ['notices'] }, async ({ params, actor }) => service.getNotice(deps, actor, params.id));
  defineRoute(app, api.update, { summary: '修改被退回或待签发的督办单并重新提交（须带版本号；市局联络员）', tags: ['notices'] }, async ({ params, body, ctx }) =>
    service.updateNotice(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    api.sign,
    { summary: '签发（approve: true，分配文号）或退回（approve: false，须写理由）督办单（发起方领导）', tags: ['notices'] },
    async ({ params, body, ctx }) => service.signNotice(deps, ctx, params.id, body),
  );
  defineRoute(app, api.respond, { summary: '牵头单位反馈督办单', tags: ['notices'] }, async ({ params, body, ctx }) => service.respondNotice(deps, ctx, params.id, body.text));
}
