import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isAdminRole, permissionsOf, ROLES } from '../../domain/roles.js';
import { scopePathOf, type Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Config } from '../config.js';
import { safeEqual, sm3Hex } from './crypto.js';
import type { Db } from './db.js';
import { AppError } from './errors.js';
import { idleMinutes } from './parameters.js';
import { reusableQuery } from './reusable-query.js';

export const SESSION_COOKIE = 'hs_sid';
// The settings key the demo seed writes (settings.repo.ts); the platform may not import a module.
const DEMO_MODE_KEY = 'demo_mode';
export const TOKEN_PREFIX = 'hs_';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Why the cookie's session ended, when it just timed out or an administrator ended it, for a clearer 401. */
    sessionEnded: false | 'idle' | 'forced';
  }
}

const TOUCH_EVERY_MS = 60_000;
/** Whether a session's or token's last use, as recorded, is due to be recorded again. */
const touchDue = (lastSeenAt: string | null, nowMs: number) => !lastSeenAt || nowMs - Date.parse(lastSeenAt) > TOUCH_EVERY_MS;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const userQuery = reusableQuery((db, p: { userId: number }) =>
  db
    .selectFrom('users')
    .innerJoin('organisations as o', 'o.id', 'users.org_id')
    .leftJoin('organisations as po', 'po.id', 'o.parent_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.org_id',
      'users.status',
      'users.must_change_password',
      'users.totp_enabled_at',
      'o.name as org_name',
      'o.path',
      'o.kind',
      'po.path as parent_path',
      'po.kind as parent_kind',
    ])
    // In the same round trip: a demo database does not hold its published administrators to enrolment.
    .select((eb) => eb.selectFrom('settings').select('value').where('key', '=', DEMO_MODE_KEY).as('demo'))
    .where('users.id', '=', p.userId),
);
const rolesQuery = reusableQuery((db, p: { userId: number }) =>
  db.selectFrom('user_roles as r').innerJoin('organisations as o', 'o.id', 'r.org_id').select(['r.role', 'r.org_id', 'o.path']).where('r.user_id', '=', p.userId),
);
const sessionQuery = reusableQuery((db, p: { id: string }) =>
  db.selectFrom('sessions').select(['user_id', 'csrf_token', 'last_seen_at', 'expires_at', 'ended_at', 'end_reason']).where('id', '=', p.id),
);
const tokenQuery = reusableQuery((db, p: { hash: string }) =>
  db.selectFrom('api_tokens').select(['id', 'user_id', 'expires_at', 'revoked_at', 'last_used_at']).where('token_hash', '=', p.hash),
);

export async function loadActor(db: Db, userId: number, via: Actor['via'], sessionId: string | null): Promise<Actor | null> {
  // Two queries whatever the number of roles: the user with the organisation, then the grants.
  const [[user], roles] = await Promise.all([userQuery.run(db, { userId }), rolesQuery.run(db, { userId })]);
  if (!user || user.status !== 'active') return null;
  const known = roles.filter((r) => (ROLES as readonly string[]).includes(r.role));
  const list = known.map((r) => ({ role: r.role, orgId: r.org_id, orgPath: r.path }));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgId: user.org_id,
    orgName: user.org_name,
    orgPath: user.path,
    scopePath: scopePathOf(user, user.parent_path !== null && user.parent_kind !== null ? { path: user.parent_path, kind: user.parent_kind } : null),
    roles: list,
    permissions: permissionsOf(list.map((r) => r.role)),
    via,
    sessionId,
    mustChangePassword: user.must_change_password !== 0,
    passwordExpired: user.must_change_password === 2,
    // 等保: every administrator signs in with two factors, so one without them may only enrol.
    twoFactorEnrolmentRequired: !user.totp_enabled_at && user.demo !== 'true' && list.some((r) => isAdminRole(r.role)),
  };
}

/** What a session or token resolved to, with the times the hook still checks on every request. */
interface Resolved {
  actor: Actor;
  /** Session: csrf token, last seen, hard expiry. Token: row id, last used, expiry (null = none). */
  csrfToken: string | null;
  tokenId: number | null;
  lastSeenAt: string | null;
  expiresAt: string | null;
  cachedAt: number;
}

/**
 * Resolved credentials kept for at most CACHE_MS, so a burst of requests does not read the same
 * session, user and roles each time. Every state-changing request in this process to the areas that
 * change who someone is or may be (CREDENTIAL_AREAS: sign-in and out, one's own account and tokens,
 * users and their roles, organisations, online sessions, security parameters) empties it before its
 * answer goes out, so logout, token revocation, disabling a user and changing roles or organisations
 * show on the very next request; any other change (another instance, the command line, the database
 * itself) shows within CACHE_MS. A comment or a report leaves it alone: emptying it on every write
 * made each of many concurrent writers read its credentials again.
 * Idle and hard expiry are still checked against the clock on every request.
 */
const CACHE_MS = 1000;
const CREDENTIAL_AREAS = /^\/api\/v1\/(?:auth|me|users|organisations|online-sessions|parameters)(?:[/?]|$)/;
const CACHE_MAX = 10_000;

/**
 * The digest a cookie or token is looked up by, remembered for those seen lately: hashing it on every
 * request cost a twentieth of the server's CPU for a kept answer (answer-cache.ts). It holds only what
 * every request carries anyway, and is emptied when full, so random tokens cannot grow it.
 */
const digests = new Map<string, string>();
function digestOf(raw: string): string {
  let d = digests.get(raw);
  if (d === undefined) {
    if (digests.size >= CACHE_MAX) digests.clear();
    digests.set(raw, (d = sm3Hex(raw)));
  }
  return d;
}

class CredentialCache {
  private entries = new Map<string, Resolved>();
  /** Bumped by every clear, so a lookup that began before a change cannot store what it read. */
  private generation = 0;

  get(key: string): Resolved | undefined {
    const e = this.entries.get(key);
    if (e && performance.now() - e.cachedAt > CACHE_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  ticket(): number {
    return this.generation;
  }

  set(key: string, value: Resolved, ticket: number): void {
    if (ticket !== this.generation) return;
    if (this.entries.size >= CACHE_MAX) this.entries.clear();
    this.entries.set(key, value);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

/**
 * Resolves the caller from the session cookie or a Bearer token on every API request, ends idle
 * and expired sessions, and demands the CSRF header on state-changing requests made with a cookie.
 */
export function installSessionHook(app: FastifyInstance, db: Db, clock: Clock, config: Config): void {
  const cache = new CredentialCache();
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionEnded', false);
  // A callback hook, not an async one: a token seen within the last second needs no query and is
  // settled without a promise, on every request of the busiest routes (answer-cache.ts).
  app.addHook('onRequest', (req, _reply, done) => {
    if (!req.url.startsWith('/api/')) return done();
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const actor = fromToken(db, clock, cache, auth.slice(7).trim());
      if (actor instanceof Promise) actor.then((a) => asBearer(req, a, done), done);
      else asBearer(req, actor, done);
      return;
    }
    fromCookie(req).then(() => done(), done);
  });

  async function fromCookie(req: FastifyRequest): Promise<void> {
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return;
    const now = clock.now();
    const id = digestOf(raw);
    const key = `s:${id}`;
    const cached = cache.get(key);
    const ticket = cache.ticket();
    let row = cached && { user_id: cached.actor.userId, csrf_token: cached.csrfToken!, last_seen_at: cached.lastSeenAt!, expires_at: cached.expiresAt! };
    if (!row) {
      const [found] = await sessionQuery.run(db, { id });
      if (found?.ended_at && found.end_reason === 'forced') req.sessionEnded = 'forced';
      if (!found || found.ended_at) return;
      row = found;
    }
    const lastSeen = new Date(row.last_seen_at).getTime();
    const idleLimit = lastSeen + (await idleMinutes({ db, config })) * 60_000;
    if (now.getTime() > idleLimit || now.toISOString() > row.expires_at) {
      cache.forget(key);
      await db
        .updateTable('sessions')
        .set({ ended_at: now.toISOString(), end_reason: now.toISOString() > row.expires_at ? 'expired' : 'idle' })
        .where('id', '=', id)
        .execute();
      req.sessionEnded = 'idle';
      return;
    }
    let s = cached;
    if (!s) {
      const actor = await loadActor(db, row.user_id, 'session', id);
      if (!actor) return;
      s = { actor, csrfToken: row.csrf_token, tokenId: null, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, cachedAt: performance.now() };
      cache.set(key, s, ticket);
    }
    if (UNSAFE.has(req.method) && !isLogin(req)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, s.csrfToken!)) {
        throw new AppError('CSRF_INVALID', '缺少或错误的 X-CSRF-Token 请求头');
      }
    }
    if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
      await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
      s.lastSeenAt = now.toISOString();
    }
    req.actor = { ...s.actor };
    holdUntilSecured(req);
  }

  // Before the answer leaves, so the caller's next request already sees what this one changed.
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (UNSAFE.has(req.method) && CREDENTIAL_AREAS.test(req.url)) cache.clear();
    done(null, payload);
  });
}

// What a session whose password someone else chose (or that has expired) may still do: see who it is, change the password, leave.
const BEFORE_PASSWORD_CHANGE = new Set(['GET /api/v1/me', 'POST /api/v1/me/password', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/login']);
// What an administrator without two-factor login may do: the same, and enrol it.
const BEFORE_ENROLMENT = new Set([...BEFORE_PASSWORD_CHANGE, 'GET /api/v1/me/two-factor', 'POST /api/v1/me/two-factor/setup', 'POST /api/v1/me/two-factor/enable']);

/** The password first (a session on someone else's password should not enrol a factor), then the second factor. */
function holdUntilSecured(req: FastifyRequest): void {
  const actor = req.actor;
  if (!actor) return;
  const route = `${req.method} ${req.url.split('?')[0]}`;
  if (actor.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(route)) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED', actor.passwordExpired ? '密码已超过有效期，请先修改密码后再继续' : '密码由他人设置，请先修改密码后再继续');
  }
  if (actor.twoFactorEnrolmentRequired && !BEFORE_ENROLMENT.has(route)) {
    throw new AppError('TWO_FACTOR_ENROLMENT_REQUIRED', '管理员账号须先启用两步验证（绑定验证器应用）后才能继续');
  }
}

function isLogin(req: FastifyRequest): boolean {
  return req.method === 'POST' && req.url.split('?')[0] === '/api/v1/auth/login';
}

function asBearer(req: FastifyRequest, actor: Actor | null, done: HookHandlerDoneFunction): void {
  if (!actor) return done(new AppError('UNAUTHENTICATED', '访问令牌无效或已过期'));
  req.actor = actor;
  try {
    holdUntilSecured(req);
  } catch (err) {
    return done(err as Error);
  }
  done();
}

/**
 * The caller a Bearer token names, or null. At once when the cache settles it (a token seen within the
 * last second whose last use needs no recording): no promise on the busiest routes. Otherwise a promise,
 * for the token's row, the caller's roles, or recording its use.
 */
function fromToken(db: Db, clock: Clock, cache: CredentialCache, token: string): Actor | null | Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = digestOf(token);
  const cached = cache.get(`t:${hash}`);
  if (!cached) return tokenFromDatabase(db, clock, cache, hash);
  const now = clock.now();
  if (cached.expiresAt && cached.expiresAt < now.toISOString()) return null;
  if (!touchDue(cached.lastSeenAt, now.getTime())) return { ...cached.actor };
  return touched(db, cached, now.toISOString());
}

async function tokenFromDatabase(db: Db, clock: Clock, cache: CredentialCache, hash: string): Promise<Actor | null> {
  const ticket = cache.ticket();
  const [row] = await tokenQuery.run(db, { hash });
  const now = clock.now().toISOString();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at < now)) return null;
  const actor = await loadActor(db, row.user_id, 'token', null);
  if (!actor) return null;
  const t: Resolved = { actor, csrfToken: null, tokenId: row.id, lastSeenAt: row.last_used_at, expiresAt: row.expires_at, cachedAt: performance.now() };
  cache.set(`t:${hash}`, t, ticket);
  if (touchDue(t.lastSeenAt, Date.parse(now))) return touched(db, t, now);
  return { ...actor };
}

/** Records the token's use (at most once a minute), then answers its caller. */
async function touched(db: Db, t: Resolved, now: string): Promise<Actor> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.tokenId!).execute();
  t.lastSeenAt = now;
  return { ...t.actor };
}
