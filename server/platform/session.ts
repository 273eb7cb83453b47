import type { FastifyInstance, FastifyRequest } from 'fastify';
import { permissionsOf, ROLES, type Role } from '../../domain/roles.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Config } from '../config.js';
import { safeEqual, sm3Hex } from './crypto.js';
import type { Db } from './db.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'hs_sid';
export const TOKEN_PREFIX = 'hs_';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the cookie named a session that just timed out, for a clearer 401. */
    sessionEnded: boolean;
  }
}

const TOUCH_EVERY_MS = 60_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function loadActor(
  db: Db,
  userId: number,
  via: Actor['via'],
  sessionId: string | null,
): Promise<Actor | null> {
  // Two queries whatever the number of roles: the user with the organisation, then the grants.
  const [user, roles] = await Promise.all([
    db
      .selectFrom('users')
      .innerJoin('organisations as o', 'o.id', 'users.org_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.org_id', 'users.status', 'o.name as org_name', 'o.path'])
      .where('users.id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('user_roles as r')
      .innerJoin('organisations as o', 'o.id', 'r.org_id')
      .select(['r.role', 'r.org_id', 'o.path'])
      .where('r.user_id', '=', userId)
      .execute(),
  ]);
  if (!user || user.status !== 'active') return null;
  const known = roles.filter((r) => (ROLES as readonly string[]).includes(r.role));
  const list = known.map((r) => ({ role: r.role as Role, orgId: r.org_id, orgPath: r.path }));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgId: user.org_id,
    orgName: user.org_name,
    orgPath: user.path,
    roles: list,
    permissions: permissionsOf(list.map((r) => r.role)),
    via,
    sessionId,
  };
}

/**
 * Resolves the caller from the session cookie or a Bearer token on every API request, ends idle
 * and expired sessions, and demands the CSRF header on state-changing requests made with a cookie.
 */
export function installSessionHook(app: FastifyInstance, db: Db, clock: Clock, config: Config): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionEnded', false);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await fromToken(db, clock, auth.slice(7).trim());
      if (!req.actor) throw new AppError('UNAUTHENTICATED', '访问令牌无效或已过期');
      return;
    }
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return;
    const now = clock.now();
    const id = sm3Hex(raw);
    const s = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s || s.ended_at) return;
    const idleLimit = new Date(s.last_seen_at).getTime() + config.SESSION_IDLE_MINUTES * 60_000;
    if (now.getTime() > idleLimit || now.toISOString() > s.expires_at) {
      await db
        .updateTable('sessions')
        .set({ ended_at: now.toISOString(), end_reason: now.toISOString() > s.expires_at ? 'expired' : 'idle' })
        .where('id', '=', id)
        .execute();
      req.sessionEnded = true;
      return;
    }
    const actor = await loadActor(db, s.user_id, 'session', id);
    if (!actor) return;
    if (UNSAFE.has(req.method) && !isLogin(req)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, s.csrf_token)) {
        throw new AppError('CSRF_INVALID', '缺少或错误的 X-CSRF-Token 请求头');
      }
    }
    if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
    }
    req.actor = actor;
  });
}

function isLogin(req: FastifyRequest): boolean {
  return req.method === 'POST' && req.url.split('?')[0] === '/api/v1/auth/login';
}

async function fromToken(db: Db, clock: Clock, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = clock.now().toISOString();
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', sm3Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at < now)) return null;
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return loadActor(db, row.user_id, 'token', null);
}
