import type { FastifyInstance, FastifyReply } from 'fastify';
import { authEndpoints } from '../../../domain/auth.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { SESSION_COOKIE } from '../../platform/session.js';
import * as auth from './auth.service.js';
import * as twoFactor from './two-factor.service.js';

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
      code: body.code,
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

  defineRoute(app, authEndpoints.twoFactor, { summary: '本人两步验证状态', tags: ['auth'] }, async ({ actor }) => twoFactor.twoFactorStatus(deps, actor));

  defineRoute(app, authEndpoints.twoFactorSetup, { summary: '生成两步验证密钥（确认验证码后才生效）', tags: ['auth'] }, async ({ ctx }) => twoFactor.setupTwoFactor(deps, ctx));

  defineRoute(app, authEndpoints.twoFactorEnable, { summary: '用首个验证码启用两步验证（恢复码只显示这一次）', tags: ['auth'] }, async ({ body, ctx }) =>
    twoFactor.enableTwoFactor(deps, ctx, body.code),
  );

  defineRoute(app, authEndpoints.twoFactorDisable, { summary: '用当前验证码关闭两步验证（管理员不可关闭）', tags: ['auth'] }, async ({ body, ctx }) => {
    await twoFactor.disableTwoFactor(deps, ctx, body.code);
    return { ok: true as const };
  });

  defineRoute(app, authEndpoints.recoveryCodes, { summary: '重新生成恢复码（原有恢复码作废）', tags: ['auth'] }, async ({ body, ctx }) =>
    twoFactor.regenerateRecoveryCodes(deps, ctx, body.code),
  );

  defineRoute(app, authEndpoints.tokens, { summary: '本人的访问令牌', tags: ['auth'] }, async ({ actor }) => ({ data: await auth.listTokens(deps, actor) }));

  defineRoute(app, authEndpoints.createToken, { summary: '创建访问令牌（令牌只显示这一次）', tags: ['auth'] }, async ({ body, ctx }) =>
    auth.createToken(deps, ctx, body.name, body.expiresInDays),
  );

  defineRoute(app, authEndpoints.revokeToken, { summary: '吊销访问令牌', tags: ['auth'] }, async ({ params, ctx }) => {
    await auth.revokeToken(deps, ctx, params.id);
    return { ok: true as const };
  });
}
