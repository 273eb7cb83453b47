import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { lazyRequestLogger } from './request-logger.js';

/** A server logging at `level` into an array of parsed lines, with the app's child logger factory. */
function serverLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const app = Fastify({ logger: { level, stream }, childLoggerFactory: lazyRequestLogger, genReqId: () => 'req-1234' });
  app.get('/quiet', async () => ({ ok: true }));
  app.get('/warns', async (req) => {
    req.log.info('an info line');
    req.log.warn({ detail: 7 }, 'a warning');
    return { level: req.log.level };
  });
  app.get('/fails', async () => {
    throw new Error('broken');
  });
  return { app, lines };
}

describe("a request's logger", () => {
  it('is not made for a request that logs nothing at the level the server writes', async () => {
    const { app, lines } = serverLoggingAt('warn');
    await app.ready();
    const child = vi.spyOn(app.log, 'child');
    const r = await app.inject({ url: '/quiet' });
    expect(r.statusCode).toBe(200);
    expect(lines).toEqual([]);
    expect(child).not.toHaveBeenCalled();
    await app.inject({ url: '/warns' });
    expect(child).toHaveBeenCalledTimes(1);
    await app.close();
  });

  it("tags each line a request does log with the request's id, and keeps to the server's level", async () => {
    const { app, lines } = serverLoggingAt('warn');
    const r = await app.inject({ url: '/warns' });
    expect(r.json()).toEqual({ level: 'warn' });
    expect(lines).toEqual([expect.objectContaining({ level: 40, reqId: 'req-1234', detail: 7, msg: 'a warning' })]);
    await app.close();
  });

  it("logs Fastify's own lines about a request when the server writes info, with its id", async () => {
    const { app, lines } = serverLoggingAt('info');
    await app.inject({ url: '/fails' });
    const ofRequest = lines.filter((l) => l.reqId === 'req-1234');
    expect(ofRequest.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    expect(ofRequest.some((l) => l.level === 50 && (l.err as { message?: string } | undefined)?.message === 'broken')).toBe(true);
    await app.close();
  });
});
