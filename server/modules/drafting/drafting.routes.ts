import type { FastifyInstance } from 'fastify';
import { draftingEndpoints as api } from '../../../domain/drafting.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { parseDraft } from './drafting.service.js';

export function registerDraftingRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.parse, { summary: '从粘贴的文本（纪要、通知、新闻）识别候选事项，不写入任何数据', tags: ['items'], anyOf: ['item.write'] }, async ({ body, actor }) =>
    parseDraft(deps.db, actor, body.text),
  );
}
