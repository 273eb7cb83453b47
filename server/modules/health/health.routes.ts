import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';

const zHealth = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) });

export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    { method: 'GET', url: '/health', summary: '健康检查', tags: ['system'], response: zHealth, public: true },
    async () => {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' as const, database: deps.dialect };
    },
  );
}
