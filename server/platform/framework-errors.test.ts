import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../testing/support.js';

let env: TestEnv;
let port = 0;

beforeAll(async () => {
  env = await createTestEnv();
  await env.app.listen({ host: '127.0.0.1', port: 0 });
  port = (env.app.server.address() as net.AddressInfo).port;
});
afterAll(() => env?.close());

/** A request as raw bytes on a socket: these failures happen below what inject() reaches. */
function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (b) => (data += b.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.end(request);
  });
}

function expectHardened(r: { headers: Record<string, string>; body: string }) {
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(r.headers['cache-control']).toBe('no-store');
  expect(JSON.parse(r.body).error.code).toBeTruthy();
}

describe('answers given before any route runs', () => {
  it('a URL that cannot be decoded is a 400 with the envelope and the security headers', async () => {
    const r = await raw('GET /api/v1/items/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(400);
    expectHardened(r);
  });

  it('headers too large are a 431 with the envelope and the security headers', async () => {
    const r = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(431);
    expectHardened(r);
  });

  it('a request line that is not HTTP is a 400 with the envelope', async () => {
    const r = await raw('NOT A REQUEST\r\n\r\n');
    expect(r.status).toBe(400);
    expectHardened(r);
  });
});

describe('caching of API answers', () => {
  it('a signed-in JSON answer says no-store', async () => {
    const city = await env.login('city.coord');
    const r = await city.req('GET', '/api/v1/consultations');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
  });
});
