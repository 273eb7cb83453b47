import os from 'node:os';

/**
 * Connections to PostgreSQL a server process holds unless PG_POOL_MAX says otherwise: twice the cores
 * plus one, at least four and at most twenty. Twice the cores plus one is the usual starting point for
 * a pool (PostgreSQL wiki, "Number Of Database Connections"). More backends than the cores can run only
 * take turns on them, and each query then costs the database more CPU: on the 2-core machine, ten
 * connections instead of five cost a comment about a fifth more of the database's CPU and an item page
 * a quarter more, and both answered fewer requests a second (README, Performance). The cores counted
 * are those this process may run on, which for a database on the same machine, or on one of its size,
 * is the right count; the cap keeps a large machine, or a container that sees its host's cores, from
 * opening more than a stock max_connections of 100 allows for a few instances.
 */
export function defaultPoolMax(cores = os.availableParallelism()): number {
  return Math.min(MAX_DEFAULT, Math.max(4, 2 * cores + 1));
}

const MAX_DEFAULT = 20;
