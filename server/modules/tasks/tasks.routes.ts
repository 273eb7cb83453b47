import type { FastifyInstance } from 'fastify';
import { taskEndpoints as api } from '../../../domain/tasks.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './tasks.service.js';

export function registerTaskRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    api.mine,
    { summary: '我的待办：按类别的数量与前几条（审核、签发、处理需求、审批调整、报送与修改报告、反馈督办单）', tags: ['tasks'] },
    async ({ query, actor }) => service.myTasks(deps, actor, query),
  );
}
