import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmetHeaders, installSecurityHeaders } from './security-headers.js';

// The security headers join each response's own when it is written: on a real socket every one must
// arrive exactly once, and a header the response sets itself must replace helmet's, not join it.

const OPTIONS = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }, hsts: false };
const EXPECTED = helmetHeaders(OPTIONS);

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  installSecurityHeaders(app, OPTIONS);
  app.get('/plain', async () => ({ ok: true }));
  app.get('/own-policy', async (_req, reply) => reply.header('content-security-policy', "default-src 'none'; sandbox").send({ ok: true }));
  app.get('/raw-header', async (_req, reply) => {
    reply.raw.setHeader('X-Frame-Options', 'DENY');
    return { ok: true };
  });
  app.get('/raw-stream', (_req, reply) => {
    reply.hijack();
    reply.raw.statusCode = 202;
    reply.raw.setHeader('content-type', 'text/plain');
    reply.raw.end('streamed');
  });
  app.get('/pairs', (_req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, 'Fine', [
      ['content-type', 'text/plain'],
      ['referrer-policy', 'same-origin'],
    ]);
    reply.raw.end('pairs');
  });
  app.get('/no-status-text', (_req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, undefined, { 'content-type': 'text/plain', 'x-frame-options': 'DENY' });
    reply.raw.end('third');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(() => app.close());

/** Status, status text and every header line as sent (names lower-cased), over a real connection. */
function get(path: string): Promise<{ status: number; text: string; lines: [string, string][] }> {
  return new Promise((resolve, reject) => {
    http
      .get(base + path, (res) => {
        const lines: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, text: res.statusMessage!, lines }));
      })
      .on('error', reject);
  });
}

const valuesOf = (lines: [string, string][], name: string) => lines.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v);

describe('security headers on the wire', () => {
  it("sends each of helmet's headers exactly once, beside the response's own", async () => {
    for (const path of ['/plain', '/nowhere']) {
      const r = await get(path);
      for (const [name, value] of EXPECTED) expect(valuesOf(r.lines, name), `${path} ${name}`).toEqual([value]);
      expect(valuesOf(r.lines, 'content-type')).toEqual(['application/json; charset=utf-8']);
    }
  });

  it('lets a response replace one with its own, set through Fastify or on the raw response', async () => {
    const own = await get('/own-policy');
    expect(valuesOf(own.lines, 'content-security-policy')).toEqual(["default-src 'none'; sandbox"]);
    expect(valuesOf(own.lines, 'x-content-type-options')).toEqual(['nosniff']);
    const raw = await get('/raw-header');
    expect(valuesOf(raw.lines, 'x-frame-options')).toEqual(['DENY']);
    expect(valuesOf(raw.lines, 'referrer-policy')).toEqual(['no-referrer']);
  });

  it('covers responses written straight on the raw response, with a status text and headers as pairs too', async () => {
    const streamed = await get('/raw-stream');
    expect(streamed.status).toBe(202);
    expect(valuesOf(streamed.lines, 'content-type')).toEqual(['text/plain']);
    expect(valuesOf(streamed.lines, 'x-content-type-options')).toEqual(['nosniff']);
    const pairs = await get('/pairs');
    expect([pairs.status, pairs.text]).toEqual([200, 'Fine']);
    expect(valuesOf(pairs.lines, 'referrer-policy')).toEqual(['same-origin']);
    expect(valuesOf(pairs.lines, 'x-frame-options')).toEqual(['SAMEORIGIN']);
    // As Node takes it: no status text, and the headers third.
    const third = await get('/no-status-text');
    expect(valuesOf(third.lines, 'content-type')).toEqual(['text/plain']);
    expect(valuesOf(third.lines, 'x-frame-options')).toEqual(['DENY']);
    expect(valuesOf(third.lines, 'referrer-policy')).toEqual(['no-referrer']);
  });

  it('reaches responses made by inject too (the tests of every module use it)', async () => {
    const r = await app.inject({ url: '/own-policy' });
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
