import net from 'node:net';

type Writer = (this: net.Socket, ...args: unknown[]) => unknown;

/**
 * How many writes sockets to `port` make while `run` runs: each a system call here and a wake-up of
 * the server there, what pipelining a transaction saves (pg-pipeline.ts). Only connections open before
 * the run count: a pool may replace one it closed as idle, and the new one's handshake is not the
 * statements' doing; nor does the goodbye of one it closes as idle (after ten seconds, node-postgres's
 * default), which once made a comment's two writes three. With `carrying`, only writes with a chunk it
 * accepts count (those of one test's statements, not of whatever else the process has running).
 */
export async function writesTo(port: number, run: () => Promise<unknown>, carrying?: (chunk: Buffer) => boolean): Promise<number> {
  const proto = net.Socket.prototype as unknown as Record<'_write' | '_writev' | 'connect', Writer>;
  const original = { _write: proto._write, _writev: proto._writev, connect: proto.connect };
  const opened = new WeakSet<net.Socket>();
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    proto[name] = function (this: net.Socket, ...args: unknown[]) {
      const chunks = name === '_write' ? [args[0]] : (args[0] as { chunk: unknown }[]).map((c) => c.chunk);
      const counted = !carrying || chunks.some((c) => Buffer.isBuffer(c) && carrying(c));
      if (this.remotePort === port && !opened.has(this) && !closing(chunks[0]) && counted) writes++;
      return original[name].apply(this, args);
    };
  }
  proto.connect = function (this: net.Socket, ...args: unknown[]) {
    opened.add(this);
    return original.connect.apply(this, args);
  };
  try {
    await run();
    return writes;
  } finally {
    Object.assign(proto, original);
  }
}

/** PostgreSQL's Terminate message: what a connection sends as it closes. */
function closing(chunk: unknown): boolean {
  return Buffer.isBuffer(chunk) && chunk.length === 5 && chunk[0] === 0x58 && chunk.readInt32BE(1) === 4;
}

/** The port of a PostgreSQL URL. */
export const portOf = (url: string) => Number(new URL(url).port || 5432);
