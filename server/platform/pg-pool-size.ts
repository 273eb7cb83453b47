import os from 'node:os';

/**
 * Connections to PostgreSQL a server process holds unless PG_POOL_MAX says otherwise: twice the cores
 * plus one (at least four), the usual starting point for a pool (PostgreSQL wiki, "Number Of Database
 * Connections"). More backends than the cores can run only take turns on them, and each query then
 * costs the database more CPU: on the 2-core machine, ten connections instead of five cost a comment
 * about a fifth more of the database's CPU and an item page a quarter more, and both answered fewer
 * requests a second (README, Performance). The cores counted are this machine's: the database runs on
 * it, or on one of its size, in the deployments the README describes.
 */
export function defaultPoolMax(cores = os.availableParallelism()): number {
  return Math.max(4, 2 * cores + 1);
}
