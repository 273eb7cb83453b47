import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** Writes committed through a handle before its checkpoints move to the worker: tests and short command-line runs never get there. */
export const STEADY_WRITES = 200;
// Often, so that each checkpoint has little to copy and flush: a flush holds up the server's own writes to
// the log while it lasts. On a database grown by 250,000 comments, a single writer's p95 was 12.7–15.0 ms
// at 200 ms and 5.8–6.2 ms at 50 (README, "One history read per item page…").
export const CHECKPOINT_EVERY_MS = 50;
/**
 * The server's own connection still checkpoints past this many pages of log (40 MiB). It must: under
 * steady writes the worker's checkpoints never find the log without a newer frame, and only a checkpoint
 * run right after a commit lets the next one start the log afresh. By then the worker has copied all but
 * the last moments' pages.
 */
export const BACKSTOP_PAGES = 10_000;

// A script, not a module: a worker started from code carries no file of its own, and the bundle has none for it.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * SQLite in WAL mode copies its log back into the database file (a checkpoint, with its flushes) from
 * inside whichever commit crosses wal_autocheckpoint pages (1,000): under steady comments about every
 * fiftieth, and that request waited 5–15 ms on the one thread that serves every request. A single
 * writer's p90 was 5–6 ms for a median of 0.6. Once a handle writes steadily, a worker thread with a
 * connection of its own checkpoints every CHECKPOINT_EVERY_MS instead. PASSIVE: it never waits for,
 * nor holds up, a reader or a writer, and changes no data (data_version, the data's version on SQLite,
 * stands). Measured on the peer workload's comments (README, "The item page (b) and a comment (d)").
 */
export class BackgroundCheckpoints {
  private writes = 0;
  private worker: Worker | null = null;
  private exited: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly database: SQLite.Database,
  ) {}

  /** A write through this handle has committed. */
  wrote(): void {
    if (this.worker || this.stopped || ++this.writes < STEADY_WRITES) return;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // Resolved here: a worker started from code resolves packages from the working directory, not from the server's files.
    this.worker = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver, everyMs: CHECKPOINT_EVERY_MS } });
    // Nothing is lost if it fails: the server's own connection checkpoints at the backstop.
    this.worker.on('error', () => {});
    // Listened for from the start: a worker that has already gone (its file could not be opened) exits once only.
    this.exited = once(this.worker, 'exit').catch(() => {});
    this.worker.unref();
    this.database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }

  /** Before the database closes. */
  async stop(): Promise<void> {
    // A write that finishes after this must not start another.
    this.stopped = true;
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    w.postMessage('stop');
    const timer = setTimeout(() => void w.terminate(), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}
