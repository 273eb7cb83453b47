import type { FastifyInstance } from 'fastify';
import { parameterEndpoints as api } from '../../../domain/parameters.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { listParameters, updateParameter } from './parameters.service.js';

/** 系统参数, for the system administrator. */
export function registerParameterRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '系统参数（含默认值与最近修改）', tags: ['parameters'], anyOf: ['setting.manage'] }, async ({ ctx }) => ({
    data: await listParameters(deps, ctx),
    nextCursor: null,
  }));
  defineRoute(app, api.update, { summary: '修改系统参数（value 为 null 时恢复默认）', tags: ['parameters'], anyOf: ['setting.manage'] }, async ({ ctx, params, body }) =>
    updateParameter(deps, ctx, params.key, body.value),
  );
}
