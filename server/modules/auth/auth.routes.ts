import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { zIdParams, zOkResponse } from '../../../domain/common.js';
import { zLogin, zMe, zPasswordChange, zTokenCreate } from '../../../domain/users.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { SESSION_COOKIE } from '../../platform/session.js';
import * as auth from './auth.service.js';

const zLoginResponse = z.object({ user: zMe, csrfToken: z.string() });
const zMeResponse = zMe.extend({ csrfToken: z.string().nullable() });
const zToken = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

function setSessionCookie(reply: FastifyReply, deps: Deps, token: string | null) {
  const base = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.COOKIE_SECURE };
  if (token) void reply.setCookie(SESSION_COOKIE, token, base);
  else void reply.clearCookie(SESSION_COOKIE, base);
}

export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'POST', url: '/auth/login', summary: '登录', tags: ['auth'], body: zLogin, response: zLoginResponse, public: true },
    async ({ body, req, reply }) => {
      const r = await auth.login(deps, {
        username: body.username,
        password: body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, deps, r.token);
      return { user: r.me, csrfToken: r.csrfToken };
    },
  );

  defineRoute(app, { method: 'POST', url: '/auth/logout', summary: '退出登录', tags: ['auth'], response: zOkResponse }, async ({ actor, reply }) => {
    await auth.logout(deps, actor);
    setSessionCookie(reply, deps, null);
    return { ok: true as const };
  });

  defineRoute(app, { method: 'GET', url: '/me', summary: '当前用户', tags: ['auth'], response: zMeResponse }, async ({ actor }) => ({
    ...(await auth.describeMe(deps, actor)),
    csrfToken: await auth.csrfTokenOf(deps, actor),
  }));

  defineRoute(
    app,
    { method: 'POST', url: '/me/password', summary: '修改本人密码', tags: ['auth'], body: zPasswordChange, response: zOkResponse },
    async ({ body, ctx }) => {
      await auth.changePassword(deps, ctx, body.oldPassword, body.newPassword);
      return { ok: true as const };
    },
  );

  defineRoute(
    app,
    { method: 'GET', url: '/me/tokens', summary: '本人的访问令牌', tags: ['auth'], response: z.object({ data: z.array(zToken) }) },
    async ({ actor }) => ({ data: await auth.listTokens(deps, actor) }),
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/me/tokens',
      summary: '创建访问令牌（令牌只显示这一次）',
      tags: ['auth'],
      body: zTokenCreate,
      status: 201,
      response: zToken.omit({ lastUsedAt: true, revokedAt: true }).extend({ token: z.string() }),
    },
    async ({ body, ctx }) => auth.createToken(deps, ctx, body.name, body.expiresInDays),
  );

  defineRoute(
    app,
    { method: 'DELETE', url: '/me/tokens/:id', summary: '吊销访问令牌', tags: ['auth'], params: zIdParams, response: zOkResponse },
    async ({ params, ctx }) => {
      await auth.revokeToken(deps, ctx, params.id);
      return { ok: true as const };
    },
  );
}
