import type { FastifyInstance } from 'fastify';
import { zAttachment } from '../../../domain/attachments.js';
import { listResponse, zIdParams } from '../../../domain/common.js';
import { zItemSourceNeed, zNeed, zNeedConvert, zNeedCreate, zNeedListQuery, zNeedTriage } from '../../../domain/needs.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './needs.service.js';

export function registerNeedRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/consultations/:id/needs',
      summary: '会商的需求（新提交的在前；可按状态、紧急程度筛选）',
      tags: ['needs'],
      params: zIdParams,
      query: zNeedListQuery,
      response: listResponse(zNeed),
    },
    async ({ params, query, actor }) => service.listNeeds(deps, actor, params.id, query),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/consultations/:id/needs', summary: '提交需求（县联络员）', tags: ['needs'], params: zIdParams, body: zNeedCreate, response: zNeed, status: 201 },
    async ({ params, body, ctx }) => service.createNeed(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/needs/:id', summary: '需求详情（含附件与转成的事项）', tags: ['needs'], params: zIdParams, response: zNeed },
    async ({ params, actor }) => service.getNeed(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/need', summary: '事项来源的需求（由需求转成时；否则 need 为 null）', tags: ['needs'], params: zIdParams, response: zItemSourceNeed },
    async ({ params, actor }) => service.sourceNeedOfItem(deps, actor, params.id),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/needs/:id/triage',
      summary: '处理需求：采纳、合并到另一条需求、不予采纳（须说明理由）（市局联络员）',
      tags: ['needs'],
      params: zIdParams,
      body: zNeedTriage,
      response: zNeed,
    },
    async ({ params, body, ctx }) => service.triageNeed(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/needs/:id/convert',
      summary: '把需求转为清单草稿事项并关联（仅筹备、协商阶段；每条需求一次）（市局联络员）',
      tags: ['needs'],
      params: zIdParams,
      body: zNeedConvert,
      response: zNeed,
    },
    async ({ params, body, ctx }) => service.convertNeed(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/needs/:id/attachments',
      summary: '为自己提交的需求上传附件（multipart，字段 file；图片、PDF、Office 文档）',
      tags: ['needs'],
      params: zIdParams,
      response: zAttachment,
      status: 201,
    },
    async ({ params, ctx, req }) => service.attachFile(deps, ctx, params.id, () => receiveFile(req)),
  );
}
