import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';

function toJson(schema: unknown): unknown {
  if (schema instanceof z.ZodType) return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return schema;
}

/** OpenAPI generated from the same Zod schemas that validate requests. */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Huishang 会商 API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hs_sid' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: ({ schema, url }) => {
      if (!schema) return { schema, url };
      const s = { ...(schema as Record<string, unknown>) };
      for (const key of ['body', 'querystring', 'params']) if (s[key]) s[key] = toJson(s[key]);
      if (s.response) {
        s.response = Object.fromEntries(Object.entries(s.response as object).map(([k, v]) => [k, toJson(v)]));
      }
      return { schema: s as never, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
