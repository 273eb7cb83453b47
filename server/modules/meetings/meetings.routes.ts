import type { FastifyInstance } from 'fastify';
import { zAttachment } from '../../../domain/attachments.js';
import { listResponse, zIdParams, zOkResponse } from '../../../domain/common.js';
import { zMeeting, zMeetingCreate, zMeetingDeleteQuery, zMeetingUpdate } from '../../../domain/meetings.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './meetings.service.js';

export function registerMeetingRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/consultations/:id/meetings', summary: '会商会议（新的在前，含照片）', tags: ['meetings'], params: zIdParams, response: listResponse(zMeeting) },
    async ({ params, actor }) => service.listMeetings(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/consultations/:id/meetings', summary: '登记会商会议（市局联络员）', tags: ['meetings'], params: zIdParams, body: zMeetingCreate, response: zMeeting, status: 201 },
    async ({ params, body, ctx }) => service.createMeeting(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/meetings/:id', summary: '会商会议详情', tags: ['meetings'], params: zIdParams, response: zMeeting },
    async ({ params, actor }) => service.getMeeting(deps, actor, params.id),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/meetings/:id', summary: '修改会商会议（须带版本号；市局联络员）', tags: ['meetings'], params: zIdParams, body: zMeetingUpdate, response: zMeeting },
    async ({ params, body, ctx }) => service.updateMeeting(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/meetings/:id',
      summary: '删除会商会议及其照片（须带版本号；市局联络员）',
      tags: ['meetings'],
      params: zIdParams,
      query: zMeetingDeleteQuery,
      response: zOkResponse,
    },
    async ({ params, query, ctx }) => {
      await service.deleteMeeting(deps, ctx, params.id, query.version);
      return { ok: true as const };
    },
  );
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/meetings/:id/photos',
      summary: '上传会议照片（multipart，字段 file；仅图片）（市局联络员）',
      tags: ['meetings'],
      params: zIdParams,
      response: zAttachment,
      status: 201,
    },
    async ({ params, ctx, req }) => service.attachPhoto(deps, ctx, params.id, () => receiveFile(req)),
  );
}
