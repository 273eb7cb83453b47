import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Failures that happen before any route or hook runs (a URL that cannot be decoded, headers too
 * large for the parser) skip helmet and the error handler. These answer them the same way: the
 * error envelope, no caching, and the security headers a scanner expects on every response.
 */
export const BARE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

function envelope(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Fastify's `frameworkErrors`: a URL it cannot decode (`/%zz`) or route constraints that fail. */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(400)
    .headers(BARE_SECURITY_HEADERS)
    .type('application/json; charset=utf-8')
    .send(envelope('VALIDATION_FAILED', error.code === 'FST_ERR_BAD_URL' ? '请求地址无效' : '请求无效'));
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', '请求头过大'],
};

/** Node's `clientError`: the request could not even be parsed, so we answer on the socket itself. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', '请求格式无效'];
  const body = envelope(status === 431 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED', message);
  const headers = { ...BARE_SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}`,
  );
}
