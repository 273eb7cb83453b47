import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. Left to itself V8 allows up to four times that on a machine with
 * gigabytes of memory. On PostgreSQL a request waits on the database across several young
 * collections, so its rows are promoted and die in the old generation: under the peer bench some
 * 35-40 MiB stayed live, yet the old generation reached 140 MiB between full collections and the
 * server's resident set 227-240 MiB. Bounded to half, it peaked at 144-147 MiB; full collections came
 * four times as often (20 instead of 5 in a run); the CPU per request moved by less than the runs'
 * noise (a few percent). Bounded to double, the peak was 161-165 MiB.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Applies HEAP_GROWING_PERCENT to this process. V8 reads the setting at every full collection, and
 * Node keeps V8's flags writable after start, so it needs no command-line flag: `npm start`, the
 * bundle run by the bench and tests, and `npm run dev` all get it.
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
