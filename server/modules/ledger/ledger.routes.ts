import type { FastifyInstance, FastifyRequest } from 'fastify';
import { zIdParams } from '../../../domain/common.js';
import { zItemListQuery } from '../../../domain/items.js';
import { ledgerEndpoints as api } from '../../../domain/ledger.endpoints.js';
import { contentDisposition } from '../../platform/attachments.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http.js';
import { fileField } from '../../platform/multipart.js';
import { onFirstUse } from '../../platform/on-first-use.js';
import * as service from './ledger.service.js';

const zExportQuery = zItemListQuery.omit({ limit: true, cursor: true });

/** The uploaded workbook in memory, refused as soon as it passes the ledger size limit. */
async function receiveWorkbook(req: FastifyRequest, maxBytes: number): Promise<{ filename: string; buffer: Buffer; sheet?: string }> {
  const part = await fileField(req, '台账须以 multipart/form-data 上传（字段 file）', { limits: { fileSize: maxBytes, files: 1 } });
  let buffer: Buffer;
  try {
    buffer = await part.toBuffer();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) throw new AppError('LEDGER_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后再导入`);
    throw new AppError('LEDGER_CORRUPT', '上传中断，文件不完整');
  }
  if (part.file.truncated) throw new AppError('LEDGER_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后再导入`);
  const sheetField = part.fields.sheet as { value?: unknown } | undefined;
  const sheet = typeof sheetField?.value === 'string' && sheetField.value.trim() ? sheetField.value.trim().slice(0, 100) : undefined;
  return { filename: part.filename || 'ledger.xlsx', buffer, sheet };
}

const workbook = onFirstUse(() => import('./ledger.export.js'));

export function registerLedgerRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.upload,
    { summary: '上传台账（multipart，字段 file，可选字段或参数 sheet）→ 预览：每行将如何保存、无法识别的单元格、未知单位（会商双方联络员）', tags: ['ledger'] },
    async ({ params, query, ctx, req }) => {
      const file = await receiveWorkbook(req, (await service.ledgerLimits(deps)).maxBytes);
      return service.uploadLedger(deps, ctx, params.id, file, query.sheet ?? file.sheet);
    },
  );
  defineRoute(app, api.get, { summary: '台账导入预览', tags: ['ledger'] }, async ({ params, actor }) => service.previewImport(deps, actor, params.id, {}));
  defineRoute(app, api.preview, { summary: '按调整后的工作表、列对应、类别和跳过的行重新预览', tags: ['ledger'] }, async ({ params, body, actor }) =>
    service.previewImport(deps, actor, params.id, body),
  );
  defineRoute(app, api.commit, { summary: '确认导入：在一个事务中新建单位、新增和更新事项，全部成功或全部不写', tags: ['ledger'] }, async ({ params, body, ctx }) =>
    service.commitImport(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/consultations/:id/ledger.xlsx', summary: '导出台账（Excel，按清单页的筛选条件）', tags: ['ledger'], params: zIdParams, query: zExportQuery },
    async ({ params, query, actor, reply }) => {
      const { buffer, filename } = await (await workbook()).exportLedger(deps, actor, params.id, query);
      void reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(filename, false))
        .header('cache-control', 'private, no-cache');
      return buffer;
    },
  );
}
