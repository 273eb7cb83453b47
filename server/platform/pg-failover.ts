import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { describeHost, type PgHost, type PgTarget } from './pg-url.js';
import { PIPELINE, readyConnection } from './pg-pipeline.js';

/**
 * A pool over several PostgreSQL hosts of which one is the primary (pg_auto_failover, Patroni, a
 * manual promotion). It finds the primary by trying the hosts in order, keeps a node-postgres pool on
 * it, and throws that pool away as soon as a query shows the server is gone or no longer writable,
 * so the next checkout looks for the new primary instead of retrying a dead or demoted one.
 */

export interface FailoverEvent {
  event: 'primary_found' | 'primary_lost' | 'no_primary';
  host?: string;
  reason?: string;
}

export interface FailoverPoolOptions {
  /** Connections in the pool on the primary. */
  max: number;
  /**
   * How long one checkout keeps looking for a primary before failing. A failover takes tens of
   * seconds; a request should fail within a few and let its client retry, not pile up behind it.
   */
  waitForPrimaryMs?: number;
  /** Per host, to connect and ask whether it is the primary: an unreachable host must not hold up the next. */
  probeTimeoutMs?: number;
}

interface Current {
  pool: pg.Pool;
  host: PgHost;
}

const CONNECTION_ERROR_CODES = new Set([
  '57P01', // admin_shutdown: the server stops (a fast shutdown, a demotion)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, or in recovery
  '25006', // read_only_sql_transaction: a write reached a server that is (now) a standby
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether an error means the server behind the connection is gone or cannot take writes any more. */
export function isFailoverError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || CONNECTION_ERROR_CODES.has(code))) return true;
  const message = (err as { message?: unknown }).message;
  // node-postgres raises these without a code when the socket closes under a query.
  return typeof message === 'string' && /Connection terminated|not queryable|Client was closed/.test(message);
}

/** libpq's checks: `read-write` asks `transaction_read_only` (a draining primary is read-only), `primary` asks recovery only. */
export async function acceptsSession(client: Pick<pg.Client, 'query'>, attrs: PgTarget['targetSessionAttrs']): Promise<boolean> {
  if (attrs === 'any') return true;
  const { rows } = await client.query<{ standby: boolean; read_only: string }>("select pg_is_in_recovery() as standby, current_setting('transaction_read_only') as read_only");
  const row = rows[0];
  if (!row || row.standby) return false;
  return attrs === 'primary' || row.read_only === 'off';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FailoverPool implements PostgresPool {
  readonly #target: PgTarget;
  readonly #options: Required<FailoverPoolOptions>;
  readonly #listeners: ((e: FailoverEvent) => void)[] = [];
  #current: Current | null = null;
  #finding: Promise<Current> | null = null;
  #closing = new Set<Promise<void>>();
  #ended = false;
  /** Connections already confirmed on the primary; a new one is checked once, not every checkout. */
  #checked = new WeakSet<pg.PoolClient>();
  #discoveries = 0;

  constructor(target: PgTarget, options: FailoverPoolOptions) {
    this.#target = target;
    this.#options = { waitForPrimaryMs: 5000, probeTimeoutMs: 3000, ...options };
  }

  /** The pool is built before the logger exists; whoever logs subscribes later. */
  onEvent(listener: (e: FailoverEvent) => void): void {
    this.#listeners.push(listener);
  }

  #emit(e: FailoverEvent): void {
    for (const l of this.#listeners) l(e);
  }

  /** The host the pool now writes to, or null between a loss and the next checkout. */
  get primary(): string | null {
    return this.#current ? describeHost(this.#current.host) : null;
  }

  /** How many times the hosts were searched for a primary (a new pool each time one was found). */
  get discoveries(): number {
    return this.#discoveries;
  }

  async connect(): Promise<PostgresPoolClient> {
    const deadline = Date.now() + this.#options.waitForPrimaryMs;
    let delay = 100;
    for (;;) {
      if (this.#ended) throw new Error('the database pool is closed');
      try {
        return await this.#checkout();
      } catch (err) {
        // Only a lost or missing primary is worth waiting for; a bad password or query is not.
        if (!isFailoverError(err) || Date.now() + delay > deadline) throw err;
        await sleep(delay);
        delay = Math.min(delay * 2, 1000);
      }
    }
  }

  async #checkout(): Promise<PostgresPoolClient> {
    const current = await this.#findPrimary();
    let client: pg.PoolClient;
    try {
      client = await current.pool.connect();
    } catch (err) {
      if (isFailoverError(err)) this.#lose(current, err);
      throw err;
    }
    if (!this.#checked.has(client)) {
      // The pool opens connections after the probe; the server may have been demoted in between.
      let ok: boolean;
      try {
        ok = await acceptsSession(client, this.#target.targetSessionAttrs);
      } catch (err) {
        client.release(true);
        if (isFailoverError(err)) this.#lose(current, err);
        throw err;
      }
      if (!ok) {
        client.release(true);
        const err = Object.assign(new Error(`${describeHost(current.host)} is no longer ${this.#target.targetSessionAttrs}`), { code: '25006' });
        this.#lose(current, err);
        throw err;
      }
      this.#checked.add(client);
    }
    return this.#wrap(client, current);
  }

  #wrap(client: pg.PoolClient, current: Current): PostgresPoolClient {
    let broken = false;
    const query = (...args: unknown[]): unknown => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args);
      // A cursor (streaming) is returned as is; its errors surface on read and end the connection anyway.
      if (result instanceof Promise) {
        return result.catch((err: unknown) => {
          if (isFailoverError(err)) {
            broken = true;
            this.#lose(current, err);
          }
          throw err;
        });
      }
      return result;
    };
    // node-postgres listens for a connection's errors only while it sits idle in the pool; one that
    // breaks while checked out (between the queries of a transaction) would otherwise be an
    // unhandled 'error' event and end the process.
    const onError = (err: unknown) => {
      broken = true;
      if (isFailoverError(err)) this.#lose(current, err);
    };
    client.on('error', onError);
    return {
      query: query as PostgresPoolClient['query'],
      release: (destroy?: boolean) => {
        client.removeListener('error', onError);
        client.release(destroy || broken ? true : undefined);
      },
    };
  }

  #findPrimary(): Promise<Current> {
    if (this.#current) return Promise.resolve(this.#current);
    // Concurrent checkouts share one search instead of each probing every host.
    this.#finding ??= this.#discover().finally(() => {
      this.#finding = null;
    });
    return this.#finding;
  }

  async #discover(): Promise<Current> {
    this.#discoveries += 1;
    const reasons: string[] = [];
    for (const host of this.#target.hosts) {
      const url = this.#target.urlFor(host);
      const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: this.#options.probeTimeoutMs });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if (await acceptsSession(probe, this.#target.targetSessionAttrs)) {
          if (this.#ended) throw new Error('the database pool is closed');
          const pool = new pg.Pool({ connectionString: url, max: this.#options.max, keepAlive: true, ...PIPELINE });
          pool.on('connect', readyConnection);
          const current: Current = { pool, host };
          // An idle connection dropped by the server must not crash the process; when the drop says
          // the server is gone, look for the new primary now rather than at the next failed query.
          pool.on('error', (err) => {
            if (isFailoverError(err)) this.#lose(current, err);
          });
          this.#current = current;
          this.#emit({ event: 'primary_found', host: describeHost(host) });
          return current;
        }
        reasons.push(`${describeHost(host)}: not ${this.#target.targetSessionAttrs}`);
      } catch (err) {
        reasons.push(`${describeHost(host)}: ${(err as Error).message}`);
      } finally {
        await probe.end().catch(() => {});
      }
    }
    const reason = reasons.join('; ');
    this.#emit({ event: 'no_primary', reason });
    const err = new Error(`no ${this.#target.targetSessionAttrs} PostgreSQL server among the configured hosts (${reason})`);
    (err as Error & { code: string }).code = '08001';
    throw err;
  }

  /** Stops using a primary: its pool ends (checked-out connections close when released). */
  #lose(current: Current, err: unknown): void {
    if (this.#current !== current) return;
    this.#current = null;
    this.#emit({ event: 'primary_lost', host: describeHost(current.host), reason: (err as Error)?.message ?? String(err) });
    this.#retire(current.pool);
  }

  #retire(pool: pg.Pool): void {
    const done = pool.end().catch(() => {});
    this.#closing.add(done);
    void done.finally(() => this.#closing.delete(done));
  }

  async end(): Promise<void> {
    this.#ended = true;
    await this.#finding?.catch(() => {});
    if (this.#current) {
      this.#retire(this.#current.pool);
      this.#current = null;
    }
    await Promise.all([...this.#closing]);
  }
}
