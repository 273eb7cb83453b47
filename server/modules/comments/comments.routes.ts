import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zAttachment } from '../../../domain/attachments.js';
import { zId, zIdParams } from '../../../domain/common.js';
import { zComment, zCommentCreate, zCommentList } from '../../../domain/comments.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './comments.service.js';

const zCommentParams = z.strictObject({ id: zId, commentId: zId });

export function registerCommentRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/items/:id/comments', summary: '事项的协商意见（按时间先后，含附件）', tags: ['comments'], params: zIdParams, response: zCommentList },
    async ({ params, actor }) => service.listComments(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/items/:id/comments', summary: '对事项发表意见或回复', tags: ['comments'], params: zIdParams, body: zCommentCreate, response: zComment, status: 201 },
    async ({ params, body, ctx }) => service.createComment(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/items/:id/comments/:commentId/attachments',
      summary: '为自己的意见上传附件（multipart，字段 file；图片、PDF、Office 文档）',
      tags: ['comments'],
      params: zCommentParams,
      response: zAttachment,
      status: 201,
    },
    async ({ params, ctx, req }) => service.attachFile(deps, ctx, params.id, params.commentId, () => receiveFile(req)),
  );
}
