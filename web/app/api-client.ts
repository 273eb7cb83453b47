import type { z } from 'zod';
import { endpointPath, type EndpointInput, type EndpointResponse, type EndpointSpec, type PageItem } from '../../domain/contract.js';
import type { ErrorCode } from '../../domain/errors.js';
import { errorMessage, t } from './i18n';

const BASE = '/api/v1';

export interface FieldError {
  field: string;
  message: string;
}

/** A failed API call, carrying the server's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The per-field problems of a VALIDATION_FAILED (or similar) answer, if the server sent them. */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldError => typeof d === 'object' && d !== null && typeof (d as FieldError).field === 'string' && typeof (d as FieldError).message === 'string',
    );
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

// The CSRF token lives only in memory: it arrives with the login answer or with GET /me after a reload.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** For uploads sent outside fetch (XMLHttpRequest reports upload progress; fetch does not). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

type UnauthorizedListener = (code: ErrorCode) => void;
let onUnauthorized: UnauthorizedListener | null = null;
/** The app shell decides what a lost session means (back to the login page); the client only reports it. */
export function setUnauthorizedListener(fn: UnauthorizedListener | null): void {
  onUnauthorized = fn;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file upload: sent as multipart, the browser sets the boundary. */
  form?: FormData;
  /** Login and the initial /me probe handle 401 themselves. */
  quiet401?: boolean;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // Fastify rejects an empty body declared as JSON, so the header goes only with a body.
  if (opts.body !== undefined && !opts.form) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('无法连接服务器，请检查网络后重试'));
  }
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not our envelope (a proxy page, say): fall through to a generic message.
  }
  const err = (body as { error?: { code?: ErrorCode; message?: string; details?: unknown } } | null)?.error;
  if (err?.code && err.message) return new ApiError(res.status, err.code, errorMessage(err.code, err.message), err.details);
  return new ApiError(
    res.status,
    res.status >= 500 ? 'INTERNAL' : 'UNPROCESSABLE',
    res.status >= 500 ? t('服务器暂时无法处理请求，请稍后再试') : t('请求失败（{status}）', { status: res.status }),
  );
}

async function refreshCsrf(): Promise<void> {
  const res = await send('GET', '/me', {});
  if (res.ok) setCsrfToken(((await res.json()) as { csrfToken: string | null }).csrfToken);
}

/**
 * How often a write the database turned away for a simultaneous one (409 WRITE_CONTENDED: rolled back,
 * nothing saved) is sent again before the user is told; the pause grows and is randomised so two
 * clients that collided do not collide again.
 */
export const CONTENDED_RETRIES = 2;

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, opts);
  if (res.status === 403 && UNSAFE.has(method)) {
    // Another tab may have signed in again and rotated the token: fetch the current one and retry once.
    const err = await toError(res.clone());
    if (err.code === 'CSRF_INVALID') {
      await refreshCsrf();
      res = await send(method, path, opts);
    }
  }
  for (let n = 0; n < CONTENDED_RETRIES && res.status === 409 && (await toError(res.clone())).code === 'WRITE_CONTENDED'; n++) {
    await new Promise((r) => setTimeout(r, (100 + Math.random() * 150) * 2 ** n));
    res = await send(method, path, opts);
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !opts.quiet401 && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED' || err.code === 'SESSION_TERMINATED')) {
      onUnauthorized?.(err.code);
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query' | 'body'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
  /** POSTs one file as the multipart field `file`. */
  upload: <T>(path: string, file: File) => request<T>('POST', path, { form: fileForm(file) }),
};

/** One file as the multipart field `file`, the form every upload endpoint reads. */
export function fileForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface CallOptions {
  /** Login and the initial /me probe handle 401 themselves. */
  quiet401?: boolean;
}

/** The input is optional only when the endpoint takes nothing it requires (no path params, no body). */
type CallArgs<E extends EndpointSpec> = Partial<EndpointInput<E>> extends EndpointInput<E> ? [input?: EndpointInput<E> & CallOptions] : [input: EndpointInput<E> & CallOptions];

interface LooseInput extends CallOptions {
  params?: Record<string, unknown>;
  query?: Query;
  body?: unknown;
  form?: FormData;
}

/**
 * Calls an endpoint by its contract in domain/: the path params are filled in, the query and body are
 * typed by the contract's schemas, and the answer has the type of its response schema.
 */
export function callEndpoint<E extends EndpointSpec>(endpoint: E, ...[input]: CallArgs<E>): Promise<EndpointResponse<E>> {
  const { params, query, body, form, quiet401 } = (input ?? {}) as LooseInput;
  return request<EndpointResponse<E>>(endpoint.method, endpointPath(endpoint.path, params), { query, body, form, quiet401 });
}

async function collectPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    out.push(...page.data);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

type PagedEndpoint = EndpointSpec & { response: z.ZodType<{ data: unknown[]; nextCursor: string | null }> };

/** Every page of a paged endpoint, following nextCursor to the end. */
export function callAllPages<E extends PagedEndpoint>(endpoint: E, ...[input]: CallArgs<E>): Promise<PageItem<E>[]> {
  const given = (input ?? {}) as LooseInput;
  return collectPages((cursor) => request<Page<PageItem<E>>>(endpoint.method, endpointPath(endpoint.path, given.params), { query: { ...given.query, cursor } }));
}
