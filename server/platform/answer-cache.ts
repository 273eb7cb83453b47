import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Clock } from './clock.js';
import type { DataChanges } from './data-changes.js';

declare module 'fastify' {
  interface FastifyInstance {
    answerCache: AnswerCache;
  }
  interface FastifyRequest {
    /** The data's version read before this request's answer was computed, when it may be kept. */
    answerTicket: number | null;
  }
}

/** Bytes of kept answers; past it the oldest go first. */
const MAX_BYTES = 8 * 1024 * 1024;

interface Kept {
  version: number;
  at: number;
  /** Encoded once: sending a string would encode the same text again on every request. */
  body: Buffer;
  /** No kept route sets one today; kept so a route that does (the item page) keeps its If-Match working if marked `kept`. */
  etag: string | undefined;
}

/**
 * The answers of the most asked read routes (a consultation's list, the board and its lists), kept
 * per caller and per day exactly as they went out, and sent again while the data's version stands
 * (data-changes.ts): the same person opening the same list again costs no serialisation and, on
 * SQLite, no query. An answer depends only on the data, the caller and the date, which is all the key
 * and the version cover; a write anywhere drops every kept answer.
 *
 * What the version cannot see (SQL typed straight into the database) shows within the configured age
 * (ANSWER_CACHE_SECONDS). A request that says `Cache-Control: no-cache` is answered afresh (a person
 * forcing a refresh; the scale bench, which measures the work itself).
 */
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

  /** The data's version for this request, when its answer may come from or go into the cache; else null. */
  version(req: FastifyRequest): number | null | Promise<number | null> {
    if (!this.changes || this.maxAgeMs <= 0 || !req.actor || asksAfresh(req)) return null;
    return this.changes.version();
  }

  /** What was kept for this request at this version, if it is still young enough. */
  find(req: FastifyRequest, version: number): Kept | undefined {
    const key = this.keyOf(req)!;
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    if (kept.version !== version || performance.now() - kept.at > this.maxAgeMs) {
      this.drop(key, kept);
      return undefined;
    }
    return kept;
  }

  /**
   * Keeps an answer under the version read before it was computed: a write that committed meanwhile
   * moved the version, so the answer is never found again. Returns the encoded bytes, to send.
   */
  keep(req: FastifyRequest, version: number, body: string, etag: string | undefined): Buffer | null {
    const key = this.keyOf(req);
    if (key === null) return null;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const bytes = Buffer.from(body, 'utf8');
    this.entries.set(key, { version, at: performance.now(), body: bytes, etag });
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
  // A write is answered once the version has moved past it: the next read, through any instance, is fresh.
  if (changes) {
    app.addHook('onSend', (req, _reply, payload, done) => {
      if (req.method === 'GET' || req.method === 'HEAD') return done(null, payload);
      void changes.advanced().then(() => done(null, payload));
    });
  }
}

/** Sends what was kept, or notes the version to keep this request's answer under. */
function answerOrGoOn(req: FastifyRequest, reply: FastifyReply, version: number | null, done: HookHandlerDoneFunction): void {
  if (version === null) return done();
  const kept = req.server.answerCache.find(req, version);
  if (!kept) {
    req.answerTicket = version;
    return done();
  }
  void reply.type('application/json; charset=utf-8');
  if (kept.etag) void reply.header('etag', kept.etag);
  void reply.send(kept.body);
}

/** Route hooks for a read route whose answer may be kept: answer from the cache, or keep what goes out. */
export const keptAnswerHooks = {
  // Before the query is validated: only an answer that passed validation was ever kept under its URL.
  // Callback hooks, not async ones: this runs on every request of the busiest routes.
  preValidation(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const version = req.server.answerCache.version(req);
    if (version instanceof Promise) {
      version.then(
        (v) => answerOrGoOn(req, reply, v, done),
        () => done(),
      );
    } else answerOrGoOn(req, reply, version, done);
  },
  onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) {
    const version = req.answerTicket;
    if (version !== null && reply.statusCode === 200 && typeof payload === 'string') {
      const etag = reply.getHeader('etag');
      return done(null, req.server.answerCache.keep(req, version, payload, typeof etag === 'string' ? etag : undefined) ?? payload);
    }
    done(null, payload);
  },
};
