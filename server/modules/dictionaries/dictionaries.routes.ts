import type { FastifyInstance } from 'fastify';
import { dictionaryEndpoints as api } from '../../../domain/dictionaries.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { createDictItem, listDict, updateDictItem } from './dictionaries.service.js';

export function registerDictionaryRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '字典（如事项领域）', tags: ['dictionaries'] }, async ({ params }) => ({ data: await listDict(deps.db, params.type), nextCursor: null }));
  defineRoute(app, api.create, { summary: '新增字典项', tags: ['dictionaries'], anyOf: ['dict.manage'] }, async ({ params, body, ctx }) =>
    createDictItem(deps, ctx, params.type, body),
  );
  defineRoute(app, api.update, { summary: '修改字典项（停用后不能再选用）', tags: ['dictionaries'], anyOf: ['dict.manage'] }, async ({ params, body, ctx }) =>
    updateDictItem(deps, ctx, params.type, params.id, body),
  );
}
