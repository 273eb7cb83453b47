import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LIMITS, listResponse, zIdParams, zOkResponse } from '../../../domain/common.js';
import { zPasswordReset, zUser, zUserCreate, zUserRoles, zUserUpdate } from '../../../domain/users.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import * as service from './users.service.js';

const zUserListQuery = z.strictObject({
  q: z.string().trim().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  cursor: z.string().max(20).optional(),
});

export function registerUserRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/users', summary: '用户列表（管理范围内）', tags: ['users'], query: zUserListQuery, response: listResponse(zUser) },
    async ({ query, ctx }) => service.listUsers(deps, ctx, query),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/users/:id', summary: '用户详情', tags: ['users'], params: zIdParams, response: zUser },
    async ({ params, ctx }) => service.getUserInScope(deps, ctx, params.id),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/users', summary: '新增用户（系统管理员）', tags: ['users'], body: zUserCreate, response: zUser, status: 201 },
    async ({ body, ctx }) => service.createUser(deps, ctx, body),
  );
  defineRoute(
    app,
    { method: 'PATCH', url: '/users/:id', summary: '修改用户（系统管理员）', tags: ['users'], params: zIdParams, body: zUserUpdate, response: zUser },
    async ({ params, body, ctx }) => service.updateUser(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'PUT', url: '/users/:id/roles', summary: '授予角色（安全管理员）', tags: ['users'], params: zIdParams, body: zUserRoles, response: zUser },
    async ({ params, body, ctx }) => service.setRoles(deps, ctx, params.id, body),
  );
  defineRoute(
    app,
    { method: 'POST', url: '/users/:id/password', summary: '重置密码（系统管理员）', tags: ['users'], params: zIdParams, body: zPasswordReset, response: zOkResponse },
    async ({ params, body, ctx }) => {
      await service.resetPassword(deps, ctx, params.id, body.password);
      return { ok: true as const };
    },
  );
  defineRoute(
    app,
    { method: 'POST', url: '/users/:id/unlock', summary: '解除登录锁定', tags: ['users'], params: zIdParams, response: zUser },
    async ({ params, ctx }) => service.unlockUser(deps, ctx, params.id),
  );
}
