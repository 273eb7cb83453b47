import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Clock } from './clock.js';
import type { DataChanges } from './data-changes.js';

declare module 'fastify' {
  interface FastifyInstance {
    answerCache: AnswerCache;
  }
  interface FastifyRequest {
    /** The change counter when this request began reading, while its answer may still be kept. */
    answerTicket: number | null;
  }
}

/**
 * The answers of the most asked read routes (a consultation's list, the board and its lists), kept per caller and per day exactly as they went out, and sent again while no data has
 * changed (data-changes.ts): the same person opening the same list again costs no query, no
 * serialisation. An answer depends only on the data, the caller and the date, which is all the key
 * and the counter cover; a write anywhere drops every kept answer.
 *
 * What the counter cannot see (SQL typed straight into the database) shows within the configured age
 * (ANSWER_CACHE_SECONDS). A request that says `Cache-Control: no-cache` is answered afresh (a person
 * forcing a refresh; the scale bench, which measures the work itself).
 */
/** Bytes of kept answers; past it the oldest go first. */
const MAX_BYTES = 8 * 1024 * 1024;

interface Kept {
  generation: number;
  at: number;
  /** Encoded once: sending a string would encode the same text again on every request. */
  body: Buffer;
  etag: string | undefined;
}

export class AnswerCache {
  private entries = new Map<string, Kept>();
  private bytes = 0;

  constructor(
    private readonly changes: DataChanges | null,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  private keyOf(req: FastifyRequest): string | null {
    if (!req.actor) return null;
    return `${req.actor.userId}\u0000${this.clock.today()}\u0000${req.url}`;
  }

  /** The counter to keep this request's answer under, or null when it may not be kept. */
  ticket(req: FastifyRequest): number | null {
    if (this.maxAgeMs <= 0 || !this.changes?.trustworthy || asksAfresh(req)) return null;
    return this.changes.generation;
  }

  find(req: FastifyRequest): Kept | undefined {
    const key = this.keyOf(req);
    if (key === null || !this.changes?.trustworthy || asksAfresh(req)) return undefined;
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    if (kept.generation !== this.changes.generation || performance.now() - kept.at > this.maxAgeMs) {
      this.drop(key, kept);
      return undefined;
    }
    return kept;
  }

  /** Keeps the answer when nothing was written while it was read; the encoded bytes, to send, or null. */
  keep(req: FastifyRequest, ticket: number, body: string, etag: string | undefined): Buffer | null {
    const key = this.keyOf(req);
    // A write that finished while this answer was being read may not be in it.
    if (key === null || !this.changes?.trustworthy || ticket !== this.changes.generation) return null;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const bytes = Buffer.from(body, 'utf8');
    this.entries.set(key, { generation: ticket, at: performance.now(), body: bytes, etag });
    this.bytes += 2 * key.length + bytes.length;
    while (this.bytes > this.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.drop(oldestKey, oldest);
    }
    return bytes;
  }

  private drop(key: string, kept: Kept): void {
    this.entries.delete(key);
    this.bytes -= 2 * key.length + kept.body.length;
  }
}

function asksAfresh(req: FastifyRequest): boolean {
  const c = req.headers['cache-control'];
  return c !== undefined && c.includes('no-cache');
}

export function installAnswerCache(app: FastifyInstance, changes: DataChanges | null, clock: Clock, maxAgeSeconds: number): void {
  app.decorate('answerCache', new AnswerCache(changes, clock, maxAgeSeconds * 1000));
  app.decorateRequest('answerTicket', null);
  // A write is answered once the other instances know of it: the next read, wherever it lands, is fresh.
  if (changes) {
    app.addHook('onSend', (req, _reply, payload, done) => {
      if (req.method === 'GET' || req.method === 'HEAD') return done(null, payload);
      void changes.announced().then(() => done(null, payload));
    });
  }
}

/** Route hooks for a read route whose answer may be kept: answer from the cache, or keep what goes out. */
export const keptAnswerHooks = {
  // Before the query is validated: only an answer that passed validation was ever kept under its URL.
  // Callback hooks, not async ones: this runs on every request of the busiest routes.
  preValidation(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const cache = req.server.answerCache;
    const kept = cache.find(req);
    if (!kept) {
      req.answerTicket = cache.ticket(req);
      return done();
    }
    void reply.type('application/json; charset=utf-8');
    if (kept.etag) void reply.header('etag', kept.etag);
    void reply.send(kept.body);
  },
  onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) {
    const ticket = req.answerTicket;
    if (ticket !== null && reply.statusCode === 200 && typeof payload === 'string') {
      const etag = reply.getHeader('etag');
      return done(null, req.server.answerCache.keep(req, ticket, payload, typeof etag === 'string' ? etag : undefined) ?? payload);
    }
    done(null, payload);
  },
};
