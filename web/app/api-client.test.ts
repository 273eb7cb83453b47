import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, CONTENDED_RETRIES } from './api-client';

// A real server on a local port that answers each request from a script; the client's relative
// /api/v1 addresses are sent to it.
let server: http.Server;
let script: { status: number; code?: string }[] = [];
const received: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      const next = script.shift() ?? { status: 200 };
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(next.code ? { error: { code: next.code, message: '服务器的说明' } } : { ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => realFetch(origin + url, init));
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  script = [];
  received.length = 0;
});

const contended = { status: 409, code: 'WRITE_CONTENDED' };

describe('a write the database turned away for a simultaneous one', () => {
  it('is sent again, with the same body, and the caller sees only the success', async () => {
    script = [contended, contended];
    expect(await api.post('/items/7/comments', { body: '请补充资金到位情况' })).toEqual({ ok: true });
    expect(received).toEqual(Array(3).fill('POST /api/v1/items/7/comments {"body":"请补充资金到位情况"}'));
  });

  it('reaches the caller as WRITE_CONTENDED once the retries are spent', async () => {
    script = Array(CONTENDED_RETRIES + 1).fill(contended);
    const err = await api.post('/items/7/comments', { body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('WRITE_CONTENDED');
    expect(received).toHaveLength(CONTENDED_RETRIES + 1);
  });

  it('is not confused with a stale version, which is never sent again', async () => {
    script = [{ status: 409, code: 'VERSION_CONFLICT' }];
    const err = await api.put('/items/7', { version: 1 }).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('VERSION_CONFLICT');
    expect(received).toHaveLength(1);
  });
});
