/**
 * PostgreSQL connection URLs with several hosts, the form libpq accepts and pg_auto_failover's
 * `pg_autoctl show uri` prints (`postgres://u@h1:5432,h2:5432/db?target_session_attrs=read-write`).
 * node-postgres reads one host only, so the URL is split here into one single-host URL per host,
 * and the pool (pg-failover.ts) picks among them. Pure: no driver, so config validation can use it.
 */

/** libpq's values the app can live with; `read-only`, `standby`, `prefer-standby` would hand it a server it cannot write to. */
export const TARGET_SESSION_ATTRS = ['any', 'read-write', 'primary'] as const;
export type TargetSessionAttrs = (typeof TARGET_SESSION_ATTRS)[number];

export interface PgHost {
  /** As written in the URL (a name, an IPv4 address or a bracketed IPv6 address). */
  host: string;
  port: number | null;
}

export interface PgTarget {
  hosts: PgHost[];
  targetSessionAttrs: TargetSessionAttrs;
  /** Whether the URL asked for anything node-postgres would not do by itself. */
  multiHost: boolean;
  /** The URL for one of the hosts, everything else (user, password, database, parameters) kept. */
  urlFor(host: PgHost): string;
}

export function describeHost(h: PgHost): string {
  return h.port === null ? h.host : `${h.host}:${h.port}`;
}

/**
 * Whether the URL needs the failover pool: several hosts or a target_session_attrs. Any other URL
 * (including libpq forms this parser does not know, such as a socket directory in `?host=`) goes to
 * node-postgres unchanged.
 */
export function wantsFailover(url: string): boolean {
  return /^postgres(?:ql)?:\/\//.test(url) && (/^[^/]*\/\/[^/?#]*,/.test(url) || /[?&]target_session_attrs=/.test(url));
}

function parseHost(text: string): PgHost {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m) throw new Error(`invalid host "${text}" in the database URL`);
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) throw new Error(`invalid port in "${text}" in the database URL`);
  return { host: m[1]!, port };
}

/**
 * Splits `postgres[ql]://[userinfo@]host[:port][,host[:port]…][/db][?params]`. With several hosts and
 * no `target_session_attrs`, `read-write` is assumed (libpq would take `any`): the app writes, and a
 * list of hosts is given for failover, where the first reachable server may be a standby.
 */
export function parsePostgresUrl(url: string): PgTarget {
  const m = /^(postgres(?:ql)?:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?$/.exec(url);
  if (!m) throw new Error('the database URL must look like postgres://user@host:port[,host:port…]/database');
  const [, scheme, authority, path, query = ''] = m as unknown as [string, string, string, string, string | undefined];
  // The password may hold an '@' only percent-encoded, so the last '@' ends the user part.
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostList = authority.slice(at + 1);
  if (hostList === '') throw new Error('the database URL names no host');
  const hosts = hostList.split(',').map(parseHost);

  let attrs: string | null = null;
  const kept: string[] = [];
  for (const pair of query.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair);
    if (key === 'target_session_attrs') attrs = decodeURIComponent(eq >= 0 ? pair.slice(eq + 1) : '');
    else kept.push(pair);
  }
  if (attrs !== null && !(TARGET_SESSION_ATTRS as readonly string[]).includes(attrs)) {
    throw new Error(`target_session_attrs=${attrs} is not supported: use ${TARGET_SESSION_ATTRS.join(', ')} (the app needs a server it can write to)`);
  }
  const targetSessionAttrs = (attrs ?? (hosts.length > 1 ? 'read-write' : 'any')) as TargetSessionAttrs;
  const rest = kept.length ? `?${kept.join('&')}` : '';
  return {
    hosts,
    targetSessionAttrs,
    multiHost: hosts.length > 1 || targetSessionAttrs !== 'any',
    urlFor: (h) => `${scheme}${userinfo}${describeHost(h)}${path}${rest}`,
  };
}
