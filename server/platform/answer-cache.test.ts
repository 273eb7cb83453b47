import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../testing/support.js';
import { changesOf, openDatabase } from './db.js';
import { claimJob, releaseJob } from './jobs.js';

// Kept answers (answer-cache.ts) must never show what a write has already changed: through the API,
// through any module's queries, in another instance; and must not cross from one caller to another.
let env: TestEnv;
let city: Agent;
let county: Agent;
let wangcang: number;
let itemId: number;

const listOf = (c: number) => `/api/v1/consultations/${c}/items?limit=100`;
const titleIn = (body: { data: { id: number; title: string }[] }, id: number) => body.data.find((i) => i.id === id)?.title;

/** Changes a title behind every instance's back, as SQL typed into the database would. */
async function retitleOutside(id: number, title: string): Promise<void> {
  if (dialect === 'sqlite') {
    const raw = new SQLite(env.databaseUrl.slice('sqlite:'.length));
    try {
      raw.prepare('update items set title = ? where id = ?').run(title, id);
    } finally {
      raw.close();
    }
    return;
  }
  const c = new pg.Client({ connectionString: env.databaseUrl });
  await c.connect();
  try {
    await c.query('update items set title = $1 where id = $2', [title, id]);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  // A short age, so the bound for SQL typed straight into the database can be seen passing; not so
  // short that a busy machine (the browser journeys beside this suite) lets it pass before the check.
  env = await createTestEnv({ ANSWER_CACHE_SECONDS: '3' });
  city = await env.login('city.coord');
  county = await env.login('wangcang.coord');
  wangcang = env.consultations.wangcang;
  const first = await city.req('GET', listOf(wangcang));
  itemId = first.body.data[0].id;
});
afterAll(() => env.close());

/** The data's version as the app would read it before sending a kept answer, every write so far counted. */
async function versionNow(): Promise<number> {
  const changes = changesOf(env.db)!;
  await changes.advanced();
  const v = await changes.version();
  if (v === null) throw new Error('the version could not be read');
  return v;
}

describe('kept answers', () => {
  it.runIf(dialect === 'postgres')('serves the same answer again until something changes, and SQL typed into the database within the configured age', async () => {
    const before = await city.req('GET', listOf(wangcang));
    await retitleOutside(itemId, '库外改名的事项');
    // Not seen here: the answer was kept, and nothing this process or another instance did moved the counter.
    const kept = await city.req('GET', listOf(wangcang));
    expect(kept.body).toEqual(before.body);
    // Asked afresh, the change is there at once.
    const fresh = await city.req('GET', listOf(wangcang), undefined, { 'cache-control': 'no-cache' });
    expect(titleIn(fresh.body, itemId)).toBe('库外改名的事项');
    await new Promise((r) => setTimeout(r, 3100));
    const later = await city.req('GET', listOf(wangcang));
    expect(titleIn(later.body, itemId)).toBe('库外改名的事项');
  });

  it.runIf(dialect === 'sqlite')("shows another process's commit to the database file within 50 ms", async () => {
    await city.req('GET', listOf(wangcang));
    await retitleOutside(itemId, '另一进程改名的事项');
    // The file's data_version is read at most every 50 ms.
    await new Promise((r) => setTimeout(r, 60));
    expect(titleIn((await city.req('GET', listOf(wangcang))).body, itemId)).toBe('另一进程改名的事项');
  });

  it('shows a write through the API on the very next read', async () => {
    await city.req('GET', listOf(wangcang));
    const page = await city.req('GET', `/api/v1/items/${itemId}?include=reports`);
    // An agreed item's title goes through a change request; who is responsible is written directly.
    const res = await city.req('PATCH', `/api/v1/items/${itemId}`, { responsible: '经接口改写的责任人', version: page.body.version });
    expect(res.status).toBe(200);
    const list = await city.req('GET', listOf(wangcang));
    expect(list.body.data.find((i: { id: number }) => i.id === itemId).responsible).toBe('经接口改写的责任人');
    const again = await city.req('GET', `/api/v1/items/${itemId}?include=reports`);
    expect(again.body.responsible).toBe('经接口改写的责任人');
    expect(again.headers.etag).toBe(`"${res.body.version}"`);
  });

  it('shows a write made by any module through the database handle, inside a transaction only once committed', async () => {
    await city.req('GET', listOf(wangcang));
    const at = await versionNow();
    await env.db.transaction().execute(async (tx) => {
      await tx.updateTable('items').set({ title: '事务中改名的事项' }).where('id', '=', itemId).execute();
      expect(await versionNow()).toBe(at);
    });
    expect(await versionNow()).toBeGreaterThan(at);
    expect(titleIn((await city.req('GET', listOf(wangcang))).body, itemId)).toBe('事务中改名的事项');
    const read = await versionNow();
    await env.db.selectFrom('items').select('id').where('id', '=', itemId).execute();
    expect(await versionNow()).toBe(read);
  });

  it("keeps answers over the job runner's leases, sessions' last use, and writes that matched nothing", async () => {
    const at = await versionNow();
    await claimJob(env.db, env.clock, 'daily_sweep', 'answer-cache-test');
    await releaseJob(env.db, env.clock, 'daily_sweep', 'answer-cache-test', {});
    await env.db.updateTable('sessions').set({ last_seen_at: env.clock.now().toISOString() }).where('user_id', '=', env.users['city.coord']!).execute();
    await env.db.updateTable('items').set({ title: '不存在的事项' }).where('id', '=', -1).execute();
    await env.db.deleteFrom('items').where('id', '=', -1).returning('id').execute();
    expect(await versionNow()).toBe(at);
    await env.db.updateTable('items').set({ responsible: '确有改动' }).where('id', '=', itemId).returning('id').execute();
    expect(await versionNow()).toBeGreaterThan(at);
  });

  it('keeps each caller their own answer', async () => {
    const cityBoard = await city.req('GET', '/api/v1/board');
    const countyBoard = await county.req('GET', '/api/v1/board');
    expect(cityBoard.status).toBe(200);
    expect(countyBoard.status).toBe(200);
    expect(countyBoard.body).not.toEqual(cityBoard.body);
    // The county sees its own answer again, not the bureau's it was kept beside.
    expect((await county.req('GET', '/api/v1/board')).body).toEqual(countyBoard.body);
    expect((await city.req('GET', '/api/v1/board')).body).toEqual(cityBoard.body);
  });

  it.runIf(dialect === 'postgres')('answers afresh on another day, when lights and overdue counts may have changed', async () => {
    const today = await city.req('GET', listOf(wangcang));
    await retitleOutside(itemId, '次日才见的名称');
    const saved = env.clock.now();
    env.clock.set(new Date(saved.getTime() + 24 * 3600_000));
    try {
      // A day idle ends the session: the same person signs in again, and is kept under the same key but for the day.
      const tomorrow = await (await env.login('city.coord')).req('GET', listOf(wangcang));
      expect(titleIn(tomorrow.body, itemId)).toBe('次日才见的名称');
      expect(titleIn(today.body, itemId)).not.toBe('次日才见的名称');
    } finally {
      env.clock.set(saved);
    }
  });

  it('does not keep refusals: a caller outside the scope is refused every time', async () => {
    const other = env.consultations.cangxi;
    expect((await county.req('GET', listOf(other))).status).toBe(404);
    expect((await county.req('GET', listOf(other))).status).toBe(404);
  });
});

describe.runIf(dialect === 'postgres')('kept answers across instances', () => {
  it('drops what it kept when another instance writes, on the very next read', async () => {
    const other = openDatabase(env.databaseUrl);
    try {
      for (let round = 1; round <= 3; round++) {
        await city.req('GET', listOf(wangcang));
        await other.db
          .updateTable('items')
          .set({ title: `另一实例第${round}次改名` })
          .where('id', '=', itemId)
          .execute();
        // As the other instance does before it answers the write.
        await other.changes.advanced();
        expect(titleIn((await city.req('GET', listOf(wangcang))).body, itemId)).toBe(`另一实例第${round}次改名`);
      }
    } finally {
      await other.close();
    }
  });

  it("sees another instance's transaction once its commit returns: the commit advances the sequence in the same round trip", async () => {
    const other = openDatabase(env.databaseUrl);
    try {
      for (let round = 1; round <= 3; round++) {
        await city.req('GET', listOf(wangcang));
        await other.db.transaction().execute(async (tx) => {
          await tx
            .updateTable('items')
            .set({ title: `另一实例事务第${round}次` })
            .where('id', '=', itemId)
            .execute();
        });
        // No wait for a separate advance: the commit's answer came after the sequence moved.
        expect(titleIn((await city.req('GET', listOf(wangcang))).body, itemId)).toBe(`另一实例事务第${round}次`);
      }
    } finally {
      await other.close();
    }
  });

  it('still refuses to commit a transaction an earlier error aborted, and nothing of it is written', async () => {
    const before = titleIn((await city.req('GET', listOf(wangcang))).body, itemId);
    await expect(
      env.db.transaction().execute(async (tx) => {
        await tx.updateTable('items').set({ title: '不应写入的名称' }).where('id', '=', itemId).execute();
        // An error the code catches and goes on from: PostgreSQL has aborted the transaction all the same.
        await sql`select 1 / 0`.execute(tx).catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back/);
    expect(titleIn((await city.req('GET', listOf(wangcang))).body, itemId)).toBe(before);
  });

  it('answers a transaction as committed when only the advance after its commit fails', async () => {
    const v = Number((await sql<{ v: string }>`select last_value as v from huishang_changes`.execute(env.db)).rows[0]!.v);
    // The sequence at its maximum: nextval fails (2200H) once the commit before it has gone through.
    await sql`alter sequence huishang_changes maxvalue ${sql.lit(v)}`.execute(env.db);
    await sql`select setval('huishang_changes', ${sql.lit(v)})`.execute(env.db);
    try {
      await env.db.transaction().execute(async (tx) => {
        await tx.updateTable('items').set({ title: '推进失败但已提交' }).where('id', '=', itemId).execute();
      });
    } finally {
      await sql`alter sequence huishang_changes no maxvalue`.execute(env.db);
    }
    const row = await env.db.selectFrom('items').select('title').where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(row.title).toBe('推进失败但已提交');
  });

  it("sees a command-line run's writes once it has closed the database", async () => {
    await city.req('GET', listOf(wangcang));
    const cli = openDatabase(env.databaseUrl);
    await cli.db.updateTable('items').set({ title: '命令行导入后的名称' }).where('id', '=', itemId).execute();
    await cli.close();
    expect(titleIn((await city.req('GET', listOf(wangcang))).body, itemId)).toBe('命令行导入后的名称');
  });
});
