import type { FastifyInstance } from 'fastify';
import { userEndpoints as api } from '../../../domain/users.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './users.service.js';

export function registerUserRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.list, { summary: '用户列表（管理范围内）', tags: ['users'], anyOf: ['user.read'] }, async ({ query, ctx }) => service.listUsers(deps, ctx, query));
  defineRoute(app, api.get, { summary: '用户详情', tags: ['users'], anyOf: ['user.read'] }, async ({ params, ctx }) => service.getUserInScope(deps, ctx, params.id));
  defineRoute(app, api.create, { summary: '新增用户（系统管理员）', tags: ['users'], anyOf: ['user.manage'] }, async ({ body, ctx }) => service.createUser(deps, ctx, body));
  defineRoute(app, api.update, { summary: '修改用户（系统管理员）', tags: ['users'], anyOf: ['user.manage'] }, async ({ params, body, ctx }) =>
    service.updateUser(deps, ctx, params.id, body),
  );
  defineRoute(app, api.setRoles, { summary: '授予角色（安全管理员）', tags: ['users'], anyOf: ['role.grant'] }, async ({ params, body, ctx }) =>
    service.setRoles(deps, ctx, params.id, body),
  );
  defineRoute(app, api.resetPassword, { summary: '重置密码（系统管理员）', tags: ['users'], anyOf: ['user.manage'] }, async ({ params, body, ctx }) => {
    await service.resetPassword(deps, ctx, params.id, body.password);
    return { ok: true as const };
  });
  defineRoute(
    app,
    api.resetTwoFactor,
    { summary: '重置两步验证（安全管理员；不能重置其他管理员的）', tags: ['users'], anyOf: ['user.two_factor_reset'] },
    async ({ params, ctx }) => service.resetTwoFactor(deps, ctx, params.id),
  );
  defineRoute(app, api.unlock, { summary: '解除登录锁定', tags: ['users'], anyOf: ['user.unlock'] }, async ({ params, ctx }) => service.unlockUser(deps, ctx, params.id));
}
