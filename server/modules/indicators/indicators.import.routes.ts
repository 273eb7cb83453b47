import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INDICATOR_EXPORT_PATHS, indicatorWorkbookEndpoints as api, zComparisonExportQuery, zCountyExportQuery } from '../../../domain/indicator-workbook.endpoints.js';
import { contentDisposition } from '../../platform/attachments.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http.js';
import { fileField } from '../../platform/multipart.js';
import { ledgerLimits } from '../ledger/ledger.service.js';
import { onFirstUse } from '../../platform/on-first-use.js';

/** The uploaded workbook in memory, refused as soon as it passes the import size limit (the ledger's). */
async function receiveWorkbook(req: FastifyRequest, maxBytes: number): Promise<{ filename: string; buffer: Buffer }> {
  const tooLarge = () => new AppError('LEDGER_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后再导入`);
  const part = await fileField(req, '指标工作簿须以 multipart/form-data 上传（字段 file）', { limits: { fileSize: maxBytes, files: 1 } });
  let buffer: Buffer;
  try {
    buffer = await part.toBuffer();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) throw tooLarge();
    throw new AppError('LEDGER_CORRUPT', '上传中断，文件不完整');
  }
  if (part.file.truncated) throw tooLarge();
  return { filename: part.filename || 'indicators.xlsx', buffer };
}

function sendXlsx(reply: FastifyReply, file: { buffer: Buffer; filename: string }) {
  void reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', contentDisposition(file.filename, false))
    .header('cache-control', 'private, no-cache');
  return file.buffer;
}

const workbook = onFirstUse(() => import('./indicators.workbook.js'));

export function registerIndicatorWorkbookRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.preview,
    {
      summary: '上传县域指标工作簿（multipart，字段 file；可选参数 county 指定区划代码）→ 预览：读到的县、每个数值（指标、年度、单元格）和无法识别的单元格；不写入',
      tags: ['indicators'],
      anyOf: ['indicator.enter'],
    },
    async ({ query, actor, req }) => {
      const file = await receiveWorkbook(req, (await ledgerLimits(deps)).maxBytes);
      return (await workbook()).previewIndicatorImport(deps, actor, file, { county: query.county, sheet: query.sheet });
    },
  );
  defineRoute(
    app,
    api.commit,
    {
      summary: '确认导入同一工作簿：全部数值在一个事务中写入各年度填报（草稿），有任何问题则整体拒绝（4xx，指明单元格），不写入任何数据',
      tags: ['indicators'],
      anyOf: ['indicator.enter'],
    },
    async ({ query, ctx, req }) => {
      const file = await receiveWorkbook(req, (await ledgerLimits(deps)).maxBytes);
      return (await workbook()).commitIndicatorImport(deps, ctx, file, { county: query.county, sheet: query.sheet });
    },
  );
  defineRoute(
    app,
    {
      method: 'GET',
      url: INDICATOR_EXPORT_PATHS.county,
      summary: '导出一个县（区）的指标表（Excel：指标为行、年度为列，含单位和增长）',
      tags: ['indicators'],
      query: zCountyExportQuery,
    },
    async ({ query, actor, reply }) => sendXlsx(reply, await (await workbook()).exportCountyTable(deps, actor, query.division)),
  );
  defineRoute(
    app,
    {
      method: 'GET',
      url: INDICATOR_EXPORT_PATHS.comparison,
      summary: '导出各县（区）某年度的指标对比（Excel：数值、排名、综合得分）',
      tags: ['indicators'],
      query: zComparisonExportQuery,
    },
    async ({ query, actor, reply }) => sendXlsx(reply, await (await workbook()).exportComparison(deps, actor, query.year)),
  );
}
