import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zId } from '../../../domain/common.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { DICT_TYPES, zDictCreate, zDictItem, zDictUpdate } from '../../../domain/dictionaries.js';
import { createDictItem, listDict, updateDictItem } from './dictionaries.service.js';

const zTypeParams = z.strictObject({ type: z.enum(DICT_TYPES) });
const zEntryParams = z.strictObject({ type: z.enum(DICT_TYPES), id: zId });

export function registerDictionaryRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/dictionaries/:type', summary: '字典（如事项领域）', tags: ['dictionaries'], params: zTypeParams, response: z.object({ data: z.array(zDictItem), nextCursor: z.null() }) },
    async ({ params }) => ({ data: await listDict(deps.db, params.type), nextCursor: null }),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/dictionaries/:type', summary: '新增字典项', tags: ['dictionaries'], params: zTypeParams, body: zDictCreate, response: zDictItem, status: 201 },
    async ({ params, body, ctx }) => createDictItem(deps, ctx, params.type, body),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/dictionaries/:type/:id', summary: '修改字典项（停用后不能再选用）', tags: ['dictionaries'], params: zEntryParams, body: zDictUpdate, response: zDictItem },
    async ({ params, body, ctx }) => updateDictItem(deps, ctx, params.type, params.id, body),
  );
}
