import type { FastifyInstance } from 'fastify';
import { needEndpoints as api } from '../../../domain/needs.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './needs.service.js';

export function registerNeedRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofConsultation, { summary: '会商的需求（新提交的在前；可按状态、紧急程度筛选）', tags: ['needs'] }, async ({ params, query, actor }) =>
    service.listNeeds(deps, actor, params.id, query),
  );
  defineRoute(app, api.create, { summary: '提交需求（县联络员）', tags: ['needs'] }, async ({ params, body, ctx }) => service.createNeed(deps, ctx, params.id, body));
  defineRoute(app, api.get, { summary: '需求详情（含附件与转成的事项）', tags: ['needs'] }, async ({ params, actor }) => service.getNeed(deps, actor, params.id));
  defineRoute(app, api.ofItem, { summary: '事项来源的需求（由需求转成时；否则 need 为 null）', tags: ['needs'] }, async ({ params, actor }) =>
    service.sourceNeedOfItem(deps, actor, params.id),
  );
  defineRoute(app, api.triage, { summary: '处理需求：采纳、合并到另一条需求、不予采纳（须说明理由）（市局联络员）', tags: ['needs'] }, async ({ params, body, ctx }) =>
    service.triageNeed(deps, ctx, params.id, body),
  );
  defineRoute(app, api.convert, { summary: '把需求转为清单草稿事项并关联（仅筹备、协商阶段；每条需求一次）（市局联络员）', tags: ['needs'] }, async ({ params, body, ctx }) =>
    service.convertNeed(deps, ctx, params.id, body),
  );
  defineRoute(app, api.uploadAttachment, { summary: '为自己提交的需求上传附件（multipart，字段 file；图片、PDF、Office 文档）', tags: ['needs'] }, async ({ params, ctx, req }) =>
    service.attachFile(deps, ctx, params.id, () => receiveFile(req)),
  );
}
