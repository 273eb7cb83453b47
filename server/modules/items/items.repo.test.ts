import { describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import type { Actor } from '../../platform/actor.js';
import type { Database } from '../../platform/db-schema.js';
import { visibleToActor } from '../consultations/consultations.policy.js';

// items.repo reuses the built visibility check per organisation path; that is only right while the
// consultations policy reads nothing else of the caller. This holds it to that.
describe('consultation visibility is keyed by organisation path', () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  const actor = (over: Partial<Actor>): Actor => ({
    userId: 1,
    username: 'a',
    displayName: 'A',
    orgId: 9,
    orgName: '某局',
    orgPath: '/1/4/9/',
    roles: [{ role: 'viewer', orgId: 9, orgPath: '/1/4/9/' }],
    permissions: new Set(['consultation.read']),
    via: 'session',
    sessionId: 's',
    ...over,
  });
  const compiled = (a: Actor) => {
    const c = db
      .selectFrom('consultations as c')
      .select('c.id')
      .where('c.id', '=', 7)
      .where((eb) => visibleToActor(eb, a))
      .compile();
    return { sql: c.sql, parameters: c.parameters };
  };

  it('builds the same SQL and values for callers who share an organisation', () => {
    const base = compiled(actor({}));
    expect(compiled(actor({ userId: 2, username: 'b', displayName: 'B', orgName: '改名', via: 'token', sessionId: null }))).toEqual(base);
    expect(compiled(actor({ roles: [{ role: 'host_coordinator', orgId: 4, orgPath: '/1/4/' }], permissions: new Set() }))).toEqual(base);
    expect(compiled(actor({ orgPath: '/1/4/10/' }))).not.toEqual(base);
    // A province's department reads the whole province: a different scope, a different check.
    expect(compiled(actor({ scopePath: '/1/' }))).not.toEqual(base);
    expect(compiled(actor({ scopePath: '/1/4/9/' }))).toEqual(base);
  });
});
