import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every response, worked out once at start. Its Fastify plugin ran
 * helmet afresh on each request (building its middleware and parsing the content security policy
 * again, in two hooks), a few per cent of the CPU of a small API answer; with no directive that
 * depends on the request, the headers are the same every time.
 *
 * They join the response's own headers when it is written (writeHead), as one flat list: setting
 * them one by one when the request arrived made Node check and store each, and then take its slow
 * path for every other header, a sixth of the CPU of a kept answer (answer-cache.ts). A header of the
 * same name the response sets itself (an attachment's stricter policy) is sent instead of helmet's.
 */
export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const writeHead = securedWriteHead(helmetHeaders(options));
  // On the raw response, before anything else, so errors and 404s carry them too.
  app.addHook('onRequest', (_req, reply, done) => {
    reply.raw.writeHead = writeHead;
    done();
  });
}

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[] | readonly [string, OutgoingHttpHeader][];

/** A writeHead that sends `security` too, but those the response names itself; any response class (tests inject their own). */
export function securedWriteHead(security: [string, string][]) {
  const lower = security.map(([name]) => name.toLowerCase());
  return function writeHead(this: ServerResponse, statusCode: number, reason?: string | Headers, given?: Headers): ServerResponse {
    // As Node: a status text that is not a string counts as none, and the headers may still come third.
    const own = typeof reason === 'string' ? given : (reason ?? given);
    const flat: unknown[] = [];
    const named = new Set<string>();
    if (Array.isArray(own)) {
      // [name, value, name, value, …] or [[name, value], …], as Node takes them.
      const pairs = own.length && Array.isArray(own[0]) ? (own as [string, OutgoingHttpHeader][]).flat() : own;
      for (let i = 0; i < pairs.length; i += 2) {
        named.add(String(pairs[i]).toLowerCase());
        flat.push(pairs[i], pairs[i + 1]);
      }
    } else if (own) {
      for (const name in own) {
        named.add(name.toLowerCase());
        flat.push(name, (own as OutgoingHttpHeaders)[name]);
      }
    }
    for (let i = 0; i < security.length; i++) {
      if (!named.has(lower[i]!) && !this.hasHeader(lower[i]!)) flat.push(security[i]![0], security[i]![1]);
    }
    const write = (Object.getPrototypeOf(this) as ServerResponse).writeHead as (this: ServerResponse, ...a: unknown[]) => ServerResponse;
    return typeof reason === 'string' ? write.call(this, statusCode, reason, flat) : write.call(this, statusCode, flat);
  };
}

/** The headers helmet's middleware sets with these options, in its order. */
export function helmetHeaders(options: Readonly<HelmetOptions>): [string, string][] {
  const set = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string) => set.set(name, value),
    removeHeader: (name: string) => set.delete(name),
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return [...set];
}
