import type { FastifyInstance, FastifyReply } from 'fastify';
import { authEndpoints } from '../../../domain/auth.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { SESSION_COOKIE } from '../../platform/session.js';
import * as auth from './auth.service.js';

function setSessionCookie(reply: FastifyReply, deps: Deps, token: string | null) {
  const base = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.COOKIE_SECURE };
  if (token) void reply.setCookie(SESSION_COOKIE, token, base);
  else void reply.clearCookie(SESSION_COOKIE, base);
}

export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, authEndpoints.login, { summary: '登录', tags: ['auth'], public: true }, async ({ body, req, reply }) => {
    const r = await auth.login(deps, {
      username: body.username,
      password: body.password,
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
    });
    setSessionCookie(reply, deps, r.token);
    return { user: r.me, csrfToken: r.csrfToken };
  });

  defineRoute(app, authEndpoints.logout, { summary: '退出登录', tags: ['auth'] }, async ({ actor, reply }) => {
    await auth.logout(deps, actor);
    setSessionCookie(reply, deps, null);
    return { ok: true as const };
  });

  defineRoute(app, authEndpoints.me, { summary: '当前用户', tags: ['auth'] }, async ({ actor }) => ({
    ...(await auth.describeMe(deps, actor)),
    csrfToken: await auth.csrfTokenOf(deps, actor),
  }));

  defineRoute(app, authEndpoints.changePassword, { summary: '修改本人密码', tags: ['auth'] }, async ({ body, ctx }) => {
    await auth.changePassword(deps, ctx, body.oldPassword, body.newPassword);
    return { ok: true as const };
  });

  defineRoute(app, authEndpoints.tokens, { summary: '本人的访问令牌', tags: ['auth'] }, async ({ actor }) => ({ data: await auth.listTokens(deps, actor) }));

  defineRoute(app, authEndpoints.createToken, { summary: '创建访问令牌（令牌只显示这一次）', tags: ['auth'] }, async ({ body, ctx }) =>
    auth.createToken(deps, ctx, body.name, body.expiresInDays),
  );

  defineRoute(app, authEndpoints.revokeToken, { summary: '吊销访问令牌', tags: ['auth'] }, async ({ params, ctx }) => {
    await auth.revokeToken(deps, ctx, params.id);
    return { ok: true as const };
  });
}
