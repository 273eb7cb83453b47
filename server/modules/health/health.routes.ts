import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { healthEndpoints } from '../../../domain/health.endpoints.js';
import { dialectOf } from '../../platform/db-helpers.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';

export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, healthEndpoints.health, { summary: '健康检查', tags: ['system'], public: true }, async () => {
    await sql`select 1`.execute(deps.db);
    return { status: 'ok' as const, database: dialectOf(deps.db) };
  });
}
