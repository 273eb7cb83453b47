import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isInlineImage } from '../../../domain/attachments.js';
import { zIdParams } from '../../../domain/common.js';
import { contentDisposition, openStoredFile, type IncomingFile } from '../../platform/attachments.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http.js';
import { fileField } from '../../platform/multipart.js';
import { readableAttachment } from './attachments.access.js';

/** The single `file` part of a multipart upload. */
export async function receiveFile(req: FastifyRequest): Promise<IncomingFile> {
  const part = await fileField(req, '附件须以 multipart/form-data 上传');
  return { filename: part.filename, stream: part.file };
}

export function registerAttachmentRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, { method: 'GET', url: '/attachments/:id', summary: '下载附件（图片直接显示）', tags: ['attachments'], params: zIdParams }, async ({ params, actor, reply }) => {
    const row = await readableAttachment(deps.db, actor, params.id);
    const stream = await openStoredFile(deps.config, row.storage_key);
    if (!stream) throw notFound('附件');
    void reply
      .type(row.mime)
      .header('content-length', String(row.size))
      .header('content-disposition', contentDisposition(row.filename, isInlineImage(row.mime)))
      .header('x-content-type-options', 'nosniff')
      // An uploaded file is never a page of this site, even one a browser was talked into rendering.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('cache-control', 'private, no-cache');
    return stream;
  });
}
