import type { FastifyInstance } from 'fastify';
import { meetingEndpoints as api } from '../../../domain/meetings.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './meetings.service.js';

export function registerMeetingRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofConsultation, { summary: '会商会议（新的在前，含照片）', tags: ['meetings'] }, async ({ params, actor }) => service.listMeetings(deps, actor, params.id));
  defineRoute(app, api.create, { summary: '登记会商会议（市局联络员）', tags: ['meetings'] }, async ({ params, body, ctx }) => service.createMeeting(deps, ctx, params.id, body));
  defineRoute(app, api.get, { summary: '会商会议详情', tags: ['meetings'] }, async ({ params, actor }) => service.getMeeting(deps, actor, params.id));
  defineRoute(app, api.update, { summary: '修改会商会议（须带版本号；市局联络员）', tags: ['meetings'] }, async ({ params, body, ctx }) =>
    service.updateMeeting(deps, ctx, params.id, body),
  );
  defineRoute(app, api.remove, { summary: '删除会商会议及其照片（须带版本号；市局联络员）', tags: ['meetings'] }, async ({ params, query, ctx }) => {
    await service.deleteMeeting(deps, ctx, params.id, query.version);
    return { ok: true as const };
  });
  defineRoute(app, api.uploadPhoto, { summary: '上传会议照片（multipart，字段 file；仅图片）（市局联络员）', tags: ['meetings'] }, async ({ params, ctx, req }) =>
    service.attachPhoto(deps, ctx, params.id, () => receiveFile(req)),
  );
}
