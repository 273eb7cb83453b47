import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorCode } from '../../domain/errors.js';
import { isDatabaseUnavailable, isForeignKeyViolation, isWriteContention } from './db-helpers.js';
import { AppError } from './errors.js';
import { isFailoverError } from './pg-failover.js';
import { ZodValidation, validationDetails } from './http.js';

function send(code: ErrorCode, status: number, message: string, details?: unknown) {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

/** Maps every failure to the error envelope; anything unexpected becomes a bare 500 without internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const out = classify(err);
    // A restart or a failover takes seconds to tens of seconds; tell clients and load balancers to come back rather than give up.
    if (out.status === 503) {
      req.log.warn({ err }, 'database unavailable');
      void reply.header('retry-after', '5');
    } else if (out.status >= 500) req.log.error({ err }, 'unhandled error');
    void reply.code(out.status).type('application/json; charset=utf-8').send(out.body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `没有这个接口：${req.method} ${req.url.split('?')[0]}` } });
  });
}

function classify(err: FastifyError | AppError | Error) {
  if (err instanceof AppError) return send(err.code, err.status, err.message, err.details);
  // The database server is gone, read-only or not found among the hosts: the request may succeed again
  // in a moment, unlike a fault of ours.
  if (isFailoverError(err)) return send('DATABASE_UNAVAILABLE', 503, '数据库暂不可用（可能正在主备切换），请稍后重试');
  if (err instanceof ZodValidation) {
    const details = validationDetails(err);
    const first = details[0];
    return send('VALIDATION_FAILED', 400, first ? `${first.field}：${first.message}` : '请求参数无效', details);
  }
  if (isDatabaseUnavailable(err)) return send('DATABASE_UNAVAILABLE', 503, '数据库暂时不可用，请稍后重试');
  // Two writers that lock the same rows in opposite orders (the nightly sweep and a bulk edit, say):
  // PostgreSQL undoes one of them; its user is told so, not shown a server fault.
  if (isWriteContention(err)) return send('WRITE_CONTENDED', 409, '与同时进行的另一项修改冲突，本次未保存任何内容，请重试');
  // Each service checks the uses it knows of before deleting; a use added later (a new table that
  // points at the row) must still be a refusal the user can read, not a server fault.
  if (isForeignKeyViolation(err)) return send('STILL_REFERENCED', 409, '该记录仍被其他数据引用，不能删除或修改');
  const fe = err as FastifyError;
  const status = fe.statusCode ?? 500;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send('VALIDATION_FAILED', 400, '请求体不是有效的 JSON', [{ field: 'body', message: fe.message }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send('PAYLOAD_TOO_LARGE', 413, '请求体过大');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的请求内容类型');
  }
  if (status === 429) return send('RATE_LIMITED', 429, '请求过于频繁，请稍后再试');
  if (status === 413) return send('PAYLOAD_TOO_LARGE', 413, '请求体过大');
  if (status === 415) return send('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的请求内容类型');
  if (status >= 400 && status < 500) return send('VALIDATION_FAILED', status, fe.message);
  return send('INTERNAL', 500, '服务器内部错误');
}
