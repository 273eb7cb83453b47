import type { FastifyInstance } from 'fastify';
import { listResponse, zIdParams } from '../../../domain/common.js';
import { zNotice, zNoticeCreate, zNoticeListQuery, zNoticeResponse, zNoticeSignature, zNoticeUpdate } from '../../../domain/notices.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './notices.service.js';

export function registerNoticeRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/supervision-notices', summary: '事项的督办单（新的在前）', tags: ['notices'], params: zIdParams, response: listResponse(zNotice) },
    async ({ params, actor }) => service.listItemNotices(deps, actor, params.id),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/items/:id/supervision-notices',
      summary: '为亮红灯的事项起草督办单（市局联络员），待领导签发',
      tags: ['notices'],
      params: zIdParams,
      body: zNoticeCreate,
      response: zNotice,
      status: 201,
    },
    async ({ params, body, ctx }) => service.draftNotice(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/supervision-notices', summary: '督办单列表（看板与待办；按会商、状态、是否逾期未反馈筛选）', tags: ['notices'], query: zNoticeListQuery, response: listResponse(zNotice) },
    async ({ query, actor }) => service.listNotices(deps, actor, query),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/supervision-notices/:id', summary: '督办单详情', tags: ['notices'], params: zIdParams, response: zNotice },
    async ({ params, actor }) => service.getNotice(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/supervision-notices/:id', summary: '修改被退回或待签发的督办单并重新提交（须带版本号；市局联络员）', tags: ['notices'], params: zIdParams, body: zNoticeUpdate, response: zNotice },
    async ({ params, body, ctx }) => service.updateNotice(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/supervision-notices/:id/signature',
      summary: '签发（approve: true，分配文号）或退回（approve: false，须写理由）督办单（发起方领导）',
      tags: ['notices'],
      params: zIdParams,
      body: zNoticeSignature,
      response: zNotice,
    },
    async ({ params, body, ctx }) => service.signNotice(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/supervision-notices/:id/response', summary: '牵头单位反馈督办单', tags: ['notices'], params: zIdParams, body: zNoticeResponse, response: zNotice },
    async ({ params, body, ctx }) => service.respondNotice(deps, ctx, params.id, body.text),
  );
}

