import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db.js';

/**
 * How long a public answer is reused, here and in browsers and proxies (Cache-Control max-age).
 * Publishing and unpublishing take effect at once (each request checks the publication stamp); what
 * changes inside a published consultation (an item closed, a report accepted) moves at the pace of
 * office work, monthly or quarterly, so showing it half a minute late costs the public nothing, while
 * a burst of readers after a news story costs the database one query set per page per half minute.
 */
export const PUBLIC_MAX_AGE_SECONDS = 30;

export interface CachedAnswer {
  body: Buffer;
  etag: string;
  stamp: string;
  expires: number;
}

/** Public answers by URL, for one app's database (tests build many apps in one process). */
export class PublicCache {
  private readonly entries = new Map<string, CachedAnswer>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string, stamp: string, now: number): CachedAnswer | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.stamp !== stamp || hit.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  put(key: string, stamp: string, now: number, value: unknown): CachedAnswer {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    // Any query string makes a new key: a flood of made-up ones must not grow the map without end.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { body, etag, stamp, expires: now + PUBLIC_MAX_AGE_SECONDS * 1000 };
    this.entries.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

const caches = new WeakMap<Db, PublicCache>();

export function publicCacheOf(db: Db): PublicCache {
  let c = caches.get(db);
  if (!c) {
    c = new PublicCache();
    caches.set(db, c);
  }
  return c;
}

/** Whether an If-None-Match header names this ETag (a list, weak forms and * included). */
export function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',').map((v) => v.trim().replace(/^W\//, ''));
  return values.includes(etag) || values.includes('*');
}
