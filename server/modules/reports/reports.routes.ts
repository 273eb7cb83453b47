import type { FastifyInstance } from 'fastify';
import { reportEndpoints as api } from '../../../domain/reports.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { receiveFile } from '../attachments/attachments.routes.js';
import * as service from './reports.service.js';

export function registerReportRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofItem, { summary: '事项进展报告（含应报周期及状态、各轮审核记录）', tags: ['supervision'] }, async ({ params, actor }) =>
    service.listReports(deps, actor, params.id),
  );
  defineRoute(app, api.slots, { summary: '事项应报周期及状态', tags: ['supervision'] }, async ({ params, actor }) => service.listSlots(deps, actor, params.id));
  defineRoute(app, api.submit, { summary: '报送进展报告（牵头单位填报员或县联络员）', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    service.createReport(deps, ctx, params.id, body),
  );
  defineRoute(app, api.get, { summary: '进展报告详情', tags: ['supervision'] }, async ({ params, actor }) => service.getReport(deps, actor, params.id));
  defineRoute(app, api.revise, { summary: '修改被退回的报告并重新报送（须带版本号；新一轮）', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    service.reviseReport(deps, ctx, params.id, body),
  );
  defineRoute(app, api.review, { summary: '审核进展报告：通过或退回（退回须说明理由；市局联络员）', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    service.reviewReport(deps, ctx, params.id, body),
  );
  defineRoute(app, api.contribute, { summary: '配合单位补充本单位进展（再次提交即更新）', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    service.addContribution(deps, ctx, params.id, body.text),
  );
  defineRoute(app, api.uploadEvidence, { summary: '上传佐证材料（multipart，字段 file）', tags: ['supervision'] }, async ({ params, ctx, req }) =>
    service.attachEvidence(deps, ctx, params.id, () => receiveFile(req)),
  );
  defineRoute(
    app,
    api.stageEvidence,
    { summary: '填写报告时先上传佐证材料（multipart，字段 file；报送时以 evidenceIds 随报告保存，仅上传人可用）', tags: ['supervision'] },
    async ({ params, ctx, req }) => service.stageEvidence(deps, ctx, params.id, () => receiveFile(req)),
  );
  defineRoute(app, api.discardEvidence, { summary: '移除尚未随报告保存的佐证材料（仅上传人）', tags: ['supervision'] }, async ({ params, ctx }) => {
    await service.discardEvidence(deps, ctx, params.id);
    return { ok: true as const };
  });
}
