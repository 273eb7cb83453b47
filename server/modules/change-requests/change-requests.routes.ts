import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zAddChangeRequestCreate, zChangeRequest, zChangeRequestDecision, zChangeRequestList, zHistoryList, zItemChangeRequestCreate } from '../../../domain/change-requests.js';
import { zIdParams, zPageQuery } from '../../../domain/common.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './change-requests.service.js';

const zListQuery = z.strictObject(zPageQuery);

export function registerChangeRequestRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/change-requests', summary: '事项的调整申请（新的在前）', tags: ['change-requests'], params: zIdParams, response: zChangeRequestList },
    async ({ params, actor }) => service.listForItem(deps, actor, params.id),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/items/:id/change-requests',
      summary: '对议定事项提出调整申请：修改议定内容（modify）、延期（extend，须在现有时限前提出）或取消（cancel）',
      tags: ['change-requests'],
      params: zIdParams,
      body: zItemChangeRequestCreate,
      response: zChangeRequest,
      status: 201,
    },
    async ({ params, body, ctx }) => service.fileForItem(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/consultations/:id/change-requests',
      summary: '会商的全部调整申请（新的在前）',
      tags: ['change-requests'],
      params: zIdParams,
      query: zListQuery,
      response: zChangeRequestList,
    },
    async ({ params, query, actor }) => service.listForConsultation(deps, actor, params.id, query),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/consultations/:id/change-requests',
      summary: '申请在议定清单中新增事项（kind 为 add）',
      tags: ['change-requests'],
      params: zIdParams,
      body: zAddChangeRequestCreate,
      response: zChangeRequest,
      status: 201,
    },
    async ({ params, body, ctx }) => service.fileAdd(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/change-requests/:id/decision',
      summary: '对方联络员审批调整申请；同意即在同一事务中改动事项',
      tags: ['change-requests'],
      params: zIdParams,
      body: zChangeRequestDecision,
      response: zChangeRequest,
    },
    async ({ params, body, ctx }) => service.decide(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/change-requests/:id/withdraw',
      summary: '提出人撤回尚未审批的调整申请',
      tags: ['change-requests'],
      params: zIdParams,
      response: zChangeRequest,
    },
    async ({ params, ctx }) => service.withdraw(deps, ctx, params.id),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/history', summary: '事项历史记录（来自审计日志，新的在前）', tags: ['change-requests'], params: zIdParams, response: zHistoryList },
    async ({ params, actor }) => service.history(deps, actor, params.id),
  );
}
