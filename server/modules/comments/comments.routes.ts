import type { FastifyInstance } from 'fastify';
import { commentEndpoints as api } from '../../../domain/comments.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './comments.service.js';

export function registerCommentRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofItem, { summary: '事项的协商意见（按时间先后，含附件）', tags: ['comments'] }, async ({ params, actor }) => service.listComments(deps, actor, params.id));
  defineRoute(app, api.create, { summary: '对事项发表意见或回复', tags: ['comments'] }, async ({ params, body, ctx }) => service.createComment(deps, ctx, params.id, body));
  defineRoute(app, api.uploadAttachment, { summary: '为自己的意见上传附件（multipart，字段 file；图片、PDF、Office 文档）', tags: ['comments'] }, async ({ params, ctx, req }) =>
    service.attachFile(deps, ctx, params.id, params.commentId, () => receiveFile(req)),
  );
}
