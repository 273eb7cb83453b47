import type { FastifyInstance } from 'fastify';
import { onlineEndpoints as api } from '../../../domain/online.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { listOnline, terminateSession } from './online.service.js';

/** 在线用户 and 强制下线, for the security administrator. */
export function registerOnlineRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '在线用户（本辖区内未结束的会话）', tags: ['sessions'], anyOf: ['session.manage'] }, async ({ ctx, query }) => ({
    data: await listOnline(deps, ctx, query),
    nextCursor: null,
  }));
  defineRoute(app, api.terminate, { summary: '强制下线：立即结束该会话', tags: ['sessions'], anyOf: ['session.manage'] }, async ({ ctx, params }) =>
    terminateSession(deps, ctx, params.id),
  );
}
