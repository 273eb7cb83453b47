import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import type { BodySchemaOf, EndpointSpec, HttpMethod, ParamsSchemaOf, QuerySchemaOf } from '../../domain/contract.js';
import type { Permission } from '../../domain/roles.js';
import type { Actor, RequestContext } from './actor.js';
import { AppError } from './errors.js';
import { keptAnswerHooks } from './answer-cache.js';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/** The hand-written form, for routes without a contract in domain/ (file downloads, areas not moved yet). */
export interface RouteSpec<B, Q, P, R> {
  method: HttpMethod;
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
  /** As RouteDoc's: refused before the input is read. */
  anyOf?: readonly Permission[];
}

/** What the server adds to a contract: its OpenAPI summary and tags, and whether it needs a signed-in user. */
export interface RouteDoc {
  summary: string;
  tags: string[];
  /** Reachable without a signed-in user (login, health). */
  public?: boolean;
  /**
   * A caller holding none of these anywhere is refused (403) before its input is read, so a request
   * that may not be made learns nothing from validation (an allow-list, a field's limits). Where the
   * permission applies (which organisation, consultation) is still the service's decision.
   */
  anyOf?: readonly Permission[];
  /**
   * A GET whose answer depends only on the data, the caller and the date: sent again from the answer
   * cache while nothing has been written (answer-cache.ts). It must not read the bookkeeping tables,
   * whose writes leave the data's version alone (BOOKKEEPING in data-changes.ts).
   */
  kept?: boolean;
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

type Handler<B, Q, P, R> = (input: Handled<B, Q, P>) => Promise<R extends z.ZodType ? z.input<R> : unknown>;

/** A route's schemas and documentation, whichever form it was declared in. */
interface Registration {
  method: HttpMethod;
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  doc: RouteDoc;
}

/**
 * Registers one endpoint: Zod validates the input and hands the handler typed values, and the same
 * schemas feed the OpenAPI document. Non-public routes get an authenticated actor or a 401.
 *
 * Given a contract from domain/ (`defineRoute(app, endpoint, { summary, tags }, handler)`), the route
 * takes its method, path and schemas from it, the same ones the web client calls with.
 */
export function defineRoute<E extends EndpointSpec>(
  app: FastifyInstance,
  endpoint: E,
  doc: RouteDoc,
  handler: Handler<BodySchemaOf<E>, QuerySchemaOf<E>, ParamsSchemaOf<E>, E['response']>,
): void;
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(app: FastifyInstance, spec: RouteSpec<B, Q, P, R>, handler: Handler<B, Q, P, R>): void;
export function defineRoute(
  app: FastifyInstance,
  spec: EndpointSpec | RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>,
  docOrHandler: RouteDoc | Handler<unknown, unknown, unknown, unknown>,
  contractHandler?: Handler<unknown, unknown, unknown, unknown>,
): void {
  if (typeof docOrHandler === 'function') {
    const s = spec as RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;
    const doc = { summary: s.summary, tags: s.tags, public: s.public, anyOf: s.anyOf };
    register(app, { method: s.method, path: s.url, params: s.params, query: s.query, body: s.body, response: s.response, status: s.status, doc }, docOrHandler);
  } else {
    const e = spec as EndpointSpec;
    register(app, { method: e.method, path: e.path, params: e.params, query: e.query, body: e.body, response: e.response, status: e.status, doc: docOrHandler }, contractHandler!);
  }
}

function register(app: FastifyInstance, r: Registration, handler: Handler<unknown, unknown, unknown, unknown>): void {
  const schema: Record<string, unknown> = { summary: r.doc.summary, tags: r.doc.tags };
  if (r.body) schema.body = r.body;
  if (r.query) schema.querystring = r.query;
  if (r.params) schema.params = r.params;
  if (r.response) schema.response = { [r.status ?? 200]: r.response };
  if (!r.doc.public) schema.security = [{ session: [] }, { bearer: [] }];
  const opts: RouteShorthandOptions = { schema };
  const { anyOf } = r.doc;
  app.route({
    method: r.method,
    url: r.path,
    ...opts,
    ...(r.doc.kept && r.method === 'GET' && !r.doc.public ? keptAnswerHooks : {}),
    // Who may ask is settled before the body is even read: the session hook (onRequest) has resolved the caller.
    // A callback hook, not an async one: it runs on every request.
    preParsing: r.doc.public
      ? undefined
      : (req, _reply, payload, done) => {
          if (!req.actor) {
            if (req.sessionEnded === 'forced') return done(new AppError('SESSION_TERMINATED', '您已被管理员强制下线，请重新登录'));
            if (req.sessionEnded) return done(new AppError('SESSION_EXPIRED', '长时间未操作，会话已结束，请重新登录'));
            return done(new AppError('UNAUTHENTICATED', '请先登录'));
          }
          if (anyOf && !anyOf.some((p) => req.actor!.permissions.has(p))) return done(new AppError('FORBIDDEN', '无权执行此操作'));
          done(null, payload);
        },
    handler: async (req, reply) => {
      const actor = req.actor;
      const result = await handler({
        body: req.body as never,
        query: req.query as never,
        params: req.params as never,
        actor: actor as Actor,
        ctx: { actor: actor as Actor, ip: req.ip, requestId: String(req.id) },
        req,
        reply,
      });
      if (r.status) reply.code(r.status);
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
