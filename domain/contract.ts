import { z } from 'zod';

/**
 * One endpoint's contract, written once and read by both sides: the server registers a route from it
 * (validation and OpenAPI), and the web calls it with typed input and gets the response's type back,
 * so neither side mirrors the other's shapes by hand.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointSpec {
  method: HttpMethod;
  /** Below `/api/v1`, in Fastify's form: `/items/:id`. Every `:name` must be a key of `params`. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The request is a multipart upload: the handler reads the file, so there is no body schema. */
  multipart?: true;
  response: z.ZodType;
  /** The status of a successful answer when it is not 200 (201 for creations). */
  status?: number;
}

/** The names of a path's `:params`, in order. */
export function pathParamNames(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.startsWith(':'))
    .map((s) => s.slice(1));
}

function schemaKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * The server sends what its handler returns without parsing it through the response schema, so the
 * schema's input and output must be one type (no defaults or transforms) for the web's type of the
 * answer to be what actually arrives. A response that breaks this makes `response` `never`.
 */
type PlainResponse<E extends EndpointSpec> = [z.input<E['response']>] extends [z.output<E['response']>]
  ? [z.output<E['response']>] extends [z.input<E['response']>]
    ? unknown
    : { response: never }
  : { response: never };

/**
 * Declares an endpoint. A path whose `:params` differ from the params schema's keys, or a multipart
 * upload that also declares a JSON body, is a mistake in the contract: it fails when the module
 * loads rather than as a 400 on every call.
 */
export function defineEndpoint<E extends EndpointSpec>(spec: E & PlainResponse<E>): E {
  const inPath = pathParamNames(spec.path).sort().join(',');
  const inSchema = schemaKeys(spec.params).sort().join(',');
  if (inPath !== inSchema) {
    throw new Error(`${spec.method} ${spec.path}: path parameters [${inPath}] differ from the params schema [${inSchema}]`);
  }
  if (spec.multipart && spec.body) throw new Error(`${spec.method} ${spec.path}: a multipart upload has no JSON body schema`);
  return spec;
}

/** The path with its `:params` filled in, each one URL-encoded. */
export function endpointPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null || v === '') throw new Error(`${path}: missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

type SchemaAt<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends z.ZodType } ? S : undefined;
export type ParamsSchemaOf<E> = SchemaAt<E, 'params'>;
export type QuerySchemaOf<E> = SchemaAt<E, 'query'>;
export type BodySchemaOf<E> = SchemaAt<E, 'body'>;

/**
 * What a caller passes for params or query: the schema's input, except that a value the server coerces
 * from text (Zod types its input as `unknown`) is given as the type it is parsed into, `id: number`.
 */
export type SentValue<S extends z.ZodType> = {
  [K in keyof z.input<S>]: unknown extends z.input<S>[K] ? (K extends keyof z.output<S> ? z.output<S>[K] : never) : z.input<S>[K];
};

type AllOptional<T> = Partial<T> extends T ? true : false;

type ParamsPart<E> = E extends { params: infer S extends z.ZodType } ? { params: SentValue<S> } : { params?: undefined };
type QueryPart<E> = E extends { query: infer S extends z.ZodType }
  ? AllOptional<SentValue<S>> extends true
    ? { query?: SentValue<S> }
    : { query: SentValue<S> }
  : { query?: undefined };
type BodyPart<E> = E extends { body: infer S extends z.ZodType } ? { body: z.input<S> } : E extends { multipart: true } ? { form: FormData } : { body?: undefined };

/** What calling the endpoint takes: path params, query and body as the contract declares them. */
export type EndpointInput<E extends EndpointSpec> = ParamsPart<E> & QueryPart<E> & BodyPart<E>;

/** The JSON body a caller sends. */
export type EndpointBody<E extends EndpointSpec> = E extends { body: infer S extends z.ZodType } ? z.input<S> : never;
/** The query a caller sends (the filters of a list). */
export type EndpointQuery<E extends EndpointSpec> = E extends { query: infer S extends z.ZodType } ? SentValue<S> : never;

/** What the endpoint answers with. */
export type EndpointResponse<E extends EndpointSpec> = z.output<E['response']>;

/** The element of a paged (`{ data, nextCursor }`) answer. */
export type PageItem<E extends EndpointSpec> = EndpointResponse<E> extends { data: (infer T)[] } ? T : never;
