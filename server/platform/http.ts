import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import type { Actor, RequestContext } from './actor.js';
import { AppError } from './errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteSpec<B, Q, P, R> {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  response?: R;
  /** Status for a successful answer (201 for creations). */
  status?: number;
  /** Reachable without a signed-in user (login, health). */
  public?: boolean;
}

export interface Handled<B, Q, P> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  actor: Actor;
  ctx: RequestContext;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Registers one endpoint: Zod validates the input and hands the handler typed values, and the same
 * schemas feed the OpenAPI document. Non-public routes get an authenticated actor or a 401.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(
  app: FastifyInstance,
  spec: RouteSpec<B, Q, P, R>,
  handler: (input: Handled<B, Q, P>) => Promise<R extends z.ZodType ? z.input<R> : unknown>,
): void {
  const schema: Record<string, unknown> = { summary: spec.summary, tags: spec.tags };
  if (spec.body) schema.body = spec.body;
  if (spec.query) schema.querystring = spec.query;
  if (spec.params) schema.params = spec.params;
  if (spec.response) schema.response = { [spec.status ?? 200]: spec.response };
  if (!spec.public) schema.security = [{ session: [] }, { bearer: [] }];
  const opts: RouteShorthandOptions = { schema };
  app.route({
    method: spec.method,
    url: spec.url,
    ...opts,
    handler: async (req, reply) => {
      const actor = req.actor;
      if (!spec.public && !actor) {
        if (req.sessionEnded) throw new AppError('SESSION_EXPIRED', '长时间未操作，会话已结束，请重新登录');
        throw new AppError('UNAUTHENTICATED', '请先登录');
      }
      const result = await handler({
        body: req.body as Infer<B>,
        query: req.query as Infer<Q>,
        params: req.params as Infer<P>,
        actor: actor as Actor,
        ctx: { actor: actor as Actor, ip: req.ip, requestId: String(req.id) },
        req,
        reply,
      });
      if (spec.status) reply.code(spec.status);
      return result;
    },
  });
}

/** Zod instead of Ajv for every route's input; output goes out as plain JSON. */
export function installZodCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const zs = schema as unknown as z.ZodType;
    return (data: unknown) => {
      const r = zs.safeParse(data);
      if (r.success) return { value: r.data };
      return { error: new ZodValidation(httpPart ?? 'body', r.error) };
    };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

export class ZodValidation extends Error {
  constructor(
    readonly part: string,
    readonly zodError: z.ZodError,
  ) {
    super(zodError.message);
  }
}

const PART_NAME: Record<string, string> = { body: 'body', querystring: 'query', params: 'params' };

export function validationDetails(v: ZodValidation): { field: string; message: string }[] {
  const part = PART_NAME[v.part] ?? v.part;
  return v.zodError.issues.flatMap((i) => {
    const at = [part, ...i.path.map(String)].join('.');
    if (i.code === 'unrecognized_keys') {
      return (i as { keys: string[] }).keys.map((k) => ({ field: `${at}.${k}`, message: '不允许的字段' }));
    }
    return [{ field: at, message: i.message }];
  });
}
