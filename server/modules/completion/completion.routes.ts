import type { FastifyInstance, FastifyRequest } from 'fastify';
import { completionEndpoints as api } from '../../../domain/completion.endpoints.js';
import { COMPLETION_LIMITS } from '../../../domain/notices.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './completion.service.js';

const EVIDENCE_FIELDS = new Set(['file', 'evidence']);

/**
 * The request arrives as multipart (a `summary` field and one or more `file` parts) or as JSON
 * ({ summary }) — the latter has no evidence and is turned away with EVIDENCE_REQUIRED.
 */
function receiver(req: FastifyRequest): service.ReceiveCompletion {
  return async (stageFile) => {
    if (!req.isMultipart()) return { summary: (req.body as { summary?: unknown } | undefined)?.summary };
    let summary: unknown;
    const parts = req.parts({ limits: { files: COMPLETION_LIMITS.evidenceMax, fields: 3, fieldSize: 16 * 1024, parts: COMPLETION_LIMITS.evidenceMax + 3 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (!EVIDENCE_FIELDS.has(part.fieldname)) {
          part.file.resume();
          throw new AppError('VALIDATION_FAILED', `未知的文件字段 ${part.fieldname}`, [{ field: `body.${part.fieldname}`, message: '应为 file' }]);
        }
        await stageFile({ filename: part.filename, stream: part.file });
      } else if (part.fieldname === 'summary') {
        summary = part.value;
      }
    }
    return { summary };
  };
}

export function registerCompletionRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.ofItem, { summary: '事项的办结申请（新的在前，含证明材料）', tags: ['completion'] }, async ({ params, actor }) =>
    service.listCompletions(deps, actor, params.id),
  );
  defineRoute(
    app,
    api.request,
    { summary: '申请办结（multipart：summary 字段与一个或多个 file 证明材料；牵头单位承办人或县联络员）', tags: ['completion'] },
    async ({ params, ctx, req }) => service.requestCompletion(deps, ctx, params.id, receiver(req)),
  );
  defineRoute(
    app,
    api.review,
    { summary: '审核办结申请：approve 销号（事项完成、进度 100%、灭灯），否则退回（须写理由）（市局联络员）', tags: ['completion'] },
    async ({ params, body, ctx }) => service.reviewCompletion(deps, ctx, params.id, body),
  );
}
