import type { FastifyInstance, FastifyReply } from 'fastify';
import { zIdParams } from '../../../domain/common.js';
import { zBulletinQuery, zSummaryQuery } from '../../../domain/documents.js';
import { documentEndpoints as api } from '../../../domain/documents.endpoints.js';
import { contentDisposition } from '../../platform/attachments.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './documents.service.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A generated document goes out as a download with its Chinese name (RFC 5987), never cached. */
function send(reply: FastifyReply, doc: service.GeneratedDocument): Buffer {
  void reply
    .type(DOCX)
    .header('content-disposition', contentDisposition(doc.filename, false))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
  return doc.content;
}

export function registerDocumentRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/supervision-notices/:id/document.docx', summary: '督办单（Word，GB/T 9704 格式）', tags: ['documents'], params: zIdParams },
    async ({ params, actor, reply }) => send(reply, await service.noticeDocument(deps, actor, params.id)),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/meetings/:id/minutes.docx', summary: '会议纪要（Word，含议定事项清单）', tags: ['documents'], params: zIdParams },
    async ({ params, actor, reply }) => send(reply, await service.minutesDocument(deps, actor, params.id)),
  );
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/consultations/:id/bulletin.docx',
      summary: '进展通报（Word；period 如 2025Q3，须与会商的填报周期一致）',
      tags: ['documents'],
      params: zIdParams,
      query: zBulletinQuery,
    },
    async ({ params, query, actor, reply }) => send(reply, await service.bulletinDocument(deps, actor, params.id, query.period)),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/consultations/:id/summary.docx', summary: '年度总结（Word；year 如 2025）', tags: ['documents'], params: zIdParams, query: zSummaryQuery },
    async ({ params, query, actor, reply }) => send(reply, await service.summaryDocument(deps, actor, params.id, query.year)),
  );
  defineRoute(app, api.files, { summary: '会商的全部附件：会议照片、需求附件、协商意见附件、进展与销号佐证材料', tags: ['documents'] }, async ({ params, query, actor }) =>
    service.consultationFiles(deps, actor, params.id, query),
  );
}
