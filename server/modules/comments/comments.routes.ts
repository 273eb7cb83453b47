import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import { isInlineImage, zAttachment } from '../../../domain/attachments.js';
import { zId, zIdParams } from '../../../domain/common.js';
import { zComment, zCommentCreate, zCommentList } from '../../../domain/comments.js';
import { contentDisposition, openStoredFile, type IncomingFile } from '../../platform/attachments.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './comments.service.js';

const zCommentParams = z.strictObject({ id: zId, commentId: zId });

/** The single `file` part of a multipart upload. */
async function receiveFile(req: FastifyRequest): Promise<IncomingFile> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '附件须以 multipart/form-data 上传');
  const part: MultipartFile | undefined = await req.file();
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('VALIDATION_FAILED', '缺少文件字段 file', [{ field: 'body.file', message: '必填' }]);
  }
  return { filename: part.filename, stream: part.file };
}

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
  defineRoute(
    app,
    { method: 'GET', url: '/attachments/:id', summary: '下载附件（图片直接显示）', tags: ['comments'], params: zIdParams },
    async ({ params, actor, reply }) => {
      const row = await service.readableAttachment(deps, actor, params.id);
      const stream = await openStoredFile(deps.config, row.storage_key);
      if (!stream) throw notFound('附件');
      void reply
        .type(row.mime)
        .header('content-length', String(row.size))
        .header('content-disposition', contentDisposition(row.filename, isInlineImage(row.mime)))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache');
      return stream;
    },
  );
}
