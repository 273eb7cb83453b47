// The PostgreSQL parts of the bench each get a database of their own on the server BENCH_PG_URL
// names, so a run never touches the data already there and leaves nothing behind.
import pg from 'pg';

/** Creates a scratch database (the URL's user needs CREATEDB), runs `run` on it, then drops it. */
export async function withScratchPg(adminUrl: string, what: string, run: (url: string) => Promise<void>) {
  const name = `huishang_bench_${what}_${process.pid}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await run(url.toString());
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}
