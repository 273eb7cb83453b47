import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { huishang } from '../cli/cli.testkit.js';
import { auditRetention } from '../modules/notifications/notifications.jobs.js';
import { createTestEnv, dialect, TEST_HASH_ENV, type Agent, type TestEnv } from '../testing/support.js';
import { buildApp } from '../app.js';
import { openDatabase } from './db.js';
import { appendAudit, appendAudits, AUDIT_LANES, link, purgeExpiredAudit, retentionCutoff } from './audit-chain.js';

// The audit log as an insider with database access would attack it: edit a row, remove one, cut the
// end off. Each is found at the row where it happened; the chain's key is not in the database.

let env: TestEnv;
let coord: Agent;
let auditor: Agent;
beforeEach(async () => {
  env = await createTestEnv();
  coord = await env.login('city.coord');
  auditor = await env.login('auditadmin');
});
afterEach(() => env?.close());

/** Three audited changes: a comment on each of three items. */
async function writeSome(n = 3) {
  const items = await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.wangcang).orderBy('id').limit(n).execute();
  for (const it of items) expect((await coord.req('POST', `/api/v1/items/${it.id}/comments`, { body: `审计链测试 ${it.id}` })).status).toBe(201);
  return auditRows();
}

const auditRows = () => env.db.selectFrom('audit_log').select(['id', 'chain_hmac', 'chain_lane', 'witness_id']).orderBy('id').execute();

/** What an attacker with the database's owner rights does first. */
async function dropGuards() {
  if (dialect === 'postgres') await sql`drop trigger audit_log_append_only on audit_log`.execute(env.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(env.db);
    await sql`drop trigger audit_log_no_delete`.execute(env.db);
  }
}

/**
 * Each row names the next lane's head as its witness: writes until some row names a row, and gives
 * the newest such row (by), the row it names (id) and that row's lane.
 */
async function someWitness(): Promise<{ id: number; lane: number; by: number }> {
  for (let round = 0; round < 6; round++) {
    await writeSome(AUDIT_LANES);
    const r = await env.db.selectFrom('audit_log').select(['id', 'chain_lane', 'witness_id']).where('witness_id', 'is not', null).orderBy('id', 'desc').executeTakeFirst();
    if (r) return { id: Number(r.witness_id), lane: (r.chain_lane % AUDIT_LANES) + 1, by: r.id };
  }
  throw new Error('no audit row named a witness');
}

/** The insider's whole job: a lane's rows from `id` on removed, and its head put back on the row before. */
async function cutLaneBack(lane: number, id: number, rows: { id: number; chain_lane: number; chain_hmac: string | null }[]) {
  const kept = rows.filter((r) => r.chain_lane === lane && r.id < id).at(-1);
  await dropGuards();
  await env.db.deleteFrom('audit_log').where('chain_lane', '=', lane).where('id', '>=', id).execute();
  await env.db
    .updateTable('audit_chain')
    .set({ head_id: kept?.id ?? null, head_hmac: kept?.chain_hmac ?? null })
    .where('id', '=', lane)
    .execute();
}

const chain = async () => (await auditor.req('GET', '/api/v1/audit-log/chain')).body;

describe(`audit chain (${dialect})`, () => {
  it('links every audited change, and the audit administrator sees the chain whole', async () => {
    const rows = await writeSome();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.chain_hmac ?? ''))).toBe(true);
    expect(new Set(rows.map((r) => r.chain_hmac)).size).toBe(rows.length);
    const c = await chain();
    expect(c).toMatchObject({ ok: true, rows: rows.length, firstBroken: null, retentionDays: 365 });
    expect((await coord.req('GET', '/api/v1/audit-log/chain')).status).toBe(403);
  });

  it("keeps its lanes unbroken when many audited writes arrive at once, each head on its lane's last row", async () => {
    const items = await env.db.selectFrom('items').select('id').where('consultation_id', '=', env.consultations.wangcang).orderBy('id').limit(4).execute();
    // Comments arriving together share a transaction (batches.ts); shared saved filters each take their own.
    const posts = Array.from({ length: 16 }, (_, i) =>
      i % 2
        ? coord.req('POST', `/api/v1/items/${items[i % items.length].id}/comments`, { body: `并发审计 ${i}` })
        : coord.req('POST', '/api/v1/saved-filters', { page: 'board', name: `并发审计 ${i}`, filters: { light: 'red' }, shared: true }),
    );
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual(Array(16).fill(201));
    const rows = await env.db.selectFrom('audit_log').select(['id', 'chain_hmac', 'chain_lane']).orderBy('id').execute();
    const lanes = await env.db.selectFrom('audit_chain').select(['id', 'head_id', 'head_hmac']).orderBy('id').execute();
    expect(lanes.map((l) => l.id)).toEqual(Array.from({ length: AUDIT_LANES }, (_, i) => i + 1));
    // Writers spread over the lanes (PostgreSQL: to lanes no one holds), so they need not commit one by one.
    const used = new Set(rows.map((r) => r.chain_lane));
    expect(used.size).toBeGreaterThan(1);
    for (const l of lanes) {
      const last = rows.filter((r) => r.chain_lane === l.id).at(-1);
      expect(l.head_id === null ? null : Number(l.head_id)).toBe(last?.id ?? null);
      expect(l.head_hmac).toBe(last?.chain_hmac ?? null);
    }
    expect(await chain()).toMatchObject({ ok: true, rows: rows.length, firstBroken: null, headId: rows.at(-1)!.id });
  });

  it('refuses to change or delete an audit row at all', async () => {
    const [first] = await writeSome(1);
    await expect(env.db.updateTable('audit_log').set({ after_json: '{"body":"改写"}' }).where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
    await expect(env.db.deleteFrom('audit_log').where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
    expect((await chain()).ok).toBe(true);
  });

  it('finds an edited row, a removed row and a cut-off end, at the row where each happened', async () => {
    // More rows than lanes, so some lane holds two: a row and the one after it in its lane.
    const rows = await writeSome(AUDIT_LANES + 2);
    const victim = rows.find((r, i) => i > 0 && rows.some((n) => n.id > r.id && n.chain_lane === r.chain_lane))!;
    const next = rows.find((n) => n.id > victim.id && n.chain_lane === victim.chain_lane)!;
    const before = rows.filter((r) => r.id < victim.id);
    await dropGuards();
    await env.db.updateTable('audit_log').set({ after_json: '{"body":"改写过的内容"}' }).where('id', '=', victim.id).execute();
    // What still stands as evidence: every row before the edited one.
    expect(await chain()).toMatchObject({ ok: false, firstBroken: { id: victim.id }, verifiedThroughId: before.at(-1)!.id, verifiedRows: before.length });

    await env.db.deleteFrom('audit_log').where('id', '=', victim.id).execute();
    // With the edited row gone the next one of its lane no longer follows from its predecessor; a row
    // before that which named the gone row as its witness shows it sooner, at the gone row's own id.
    const named = rows.some((r) => Number(r.witness_id) === victim.id && r.id < next.id);
    expect((await chain()).firstBroken).toMatchObject({ id: named ? victim.id : next.id });

    await env.db.deleteFrom('audit_log').where('id', '>=', victim.id).execute();
    const cut = await chain();
    expect(cut.ok).toBe(false);
    expect(cut.firstBroken.reason).toContain('末尾');
  });

  it('finds a row moved to another lane, and the end of one lane cut off while the others go on', async () => {
    const rows = await writeSome(AUDIT_LANES + 2);
    await dropGuards();
    // A row with one before it in its lane: in any other lane its link follows from something else.
    const moved = rows.find((r) => rows.some((p) => p.id < r.id && p.chain_lane === r.chain_lane))!;
    await env.db
      .updateTable('audit_log')
      .set({ chain_lane: (moved.chain_lane % AUDIT_LANES) + 1 })
      .where('id', '=', moved.id)
      .execute();
    expect((await chain()).firstBroken).toMatchObject({ id: moved.id });
    await env.db.updateTable('audit_log').set({ chain_lane: moved.chain_lane }).where('id', '=', moved.id).execute();
    expect((await chain()).ok).toBe(true);

    // The last row of a lane but not of the log: its lane's head shows it went, and so does a later row
    // that named it as its witness, if one did (then what stands is only the rows before it).
    const tail = rows.find((r, i) => i < rows.length - 1 && !rows.some((n) => n.id > r.id && n.chain_lane === r.chain_lane))!;
    const witnessed = rows.some((r) => r.witness_id !== null && Number(r.witness_id) === tail.id);
    await env.db.deleteFrom('audit_log').where('id', '=', tail.id).execute();
    const cut = await chain();
    expect(cut).toMatchObject({ ok: false, firstBroken: { id: tail.id }, verifiedRows: witnessed ? rows.filter((r) => r.id < tail.id).length : rows.length - 1 });
    expect(cut.firstBroken.reason).toContain('末尾');
  });

  it("finds a lane's end cut off with its head set back to match, by a later row of the lane before it", async () => {
    const { id, lane } = await someWitness();
    const rows = await auditRows();
    await cutLaneBack(lane, id, rows);
    const cut = await chain();
    expect(cut).toMatchObject({ ok: false, firstBroken: { id } });
    expect(cut.firstBroken.reason).toContain('见证');
    // What still stands as evidence: the rows before the first one gone.
    expect(cut.verifiedRows).toBe(rows.filter((r) => r.id < id).length);
  });

  it('reports the gone row, not a made-up witness edited into a later row to hide it', async () => {
    const { id, lane, by } = await someWitness();
    // A row after the one naming the witness, outside the lane to be cut: the decoy goes there.
    let rows = await writeSome(2);
    for (let round = 0; round < 6 && !rows.some((r) => r.id > by && r.chain_lane !== lane); round++) rows = await writeSome(2);
    const decoy = rows.filter((r) => r.id > by && r.chain_lane !== lane).at(-1)!;
    expect(decoy).toBeDefined();
    await cutLaneBack(lane, id, rows);
    // The decoy: a later row now names a row before the cut that never existed with that link.
    await env.db
      .updateTable('audit_log')
      .set({ witness_id: 1, witness_hmac: '0'.repeat(64) })
      .where('id', '=', decoy.id)
      .execute();
    const cut = await chain();
    expect(cut).toMatchObject({ ok: false, firstBroken: { id } });
    expect(cut.verifiedRows).toBe(rows.filter((r) => r.id < id).length);
  });

  it("covers the witness with the row's own link: a witness changed or removed breaks that row", async () => {
    await writeSome(AUDIT_LANES * 2);
    const r = await env.db.selectFrom('audit_log').select(['id', 'witness_id']).where('witness_id', 'is not', null).orderBy('id', 'desc').executeTakeFirst();
    expect(r).toBeDefined();
    await dropGuards();
    // Named another row, still there (its link differs, so that witness counts as gone too): the row's own link breaks first, at the row.
    await env.db
      .updateTable('audit_log')
      .set({ witness_id: Number(r!.witness_id) - 1 })
      .where('id', '=', r!.id)
      .execute();
    expect((await chain()).firstBroken).toMatchObject({ id: r!.id });
    await env.db.updateTable('audit_log').set({ witness_id: null, witness_hmac: null }).where('id', '=', r!.id).execute();
    expect((await chain()).firstBroken).toMatchObject({ id: r!.id });
  });

  it("keeps one transaction's audit rows in the one lane it holds, however many it writes", async () => {
    await writeSome(1);
    const row = (n: number) => ({
      at: env.clock.now().toISOString(),
      user_id: env.users['city.coord'],
      username: 'city.coord',
      org_id: null,
      action: 'comment.create',
      entity_type: 'item',
      entity_id: n,
      before_json: null,
      after_json: JSON.stringify({ n }),
      ip: '127.0.0.1',
      request_id: `lane-${n}`,
    });
    for (let round = 0; round < 4; round++) {
      await env.db.transaction().execute(async (tx) => {
        await appendAudit(tx, row(round * 10 + 1));
        await appendAudits(tx, [row(round * 10 + 2), row(round * 10 + 3)]);
        await appendAudit(tx, row(round * 10 + 4));
      });
    }
    const mine = await env.db.selectFrom('audit_log').select(['request_id', 'chain_lane']).where('request_id', 'like', 'lane-%').execute();
    expect(mine).toHaveLength(16);
    for (let round = 0; round < 4; round++) {
      const lanes = new Set(mine.filter((r) => Math.floor(Number(r.request_id!.slice(5)) / 10) === round).map((r) => r.chain_lane));
      expect(lanes.size).toBe(1);
    }
    expect(await chain()).toMatchObject({ ok: true, firstBroken: null });
  });

  it("finds a lane's first row moved or copied into another lane, and a head row added", async () => {
    const rows = await writeSome(3);
    await dropGuards();
    // The log's first row starts its lane: in any other lane its link would follow from that lane's own seed.
    const first = rows[0]!;
    await env.db
      .updateTable('audit_log')
      .set({ chain_lane: (first.chain_lane % AUDIT_LANES) + 1 })
      .where('id', '=', first.id)
      .execute();
    // Found at the row itself, by its link: not later, at its old lane's next row or head.
    const moved = await chain();
    expect(moved.firstBroken).toMatchObject({ id: first.id });
    expect(moved.firstBroken.reason).toContain('记录内容被修改');
    await env.db.updateTable('audit_log').set({ chain_lane: first.chain_lane }).where('id', '=', first.id).execute();
    expect((await chain()).ok).toBe(true);

    await env.db
      .insertInto('audit_chain')
      .values({ id: AUDIT_LANES + 1, purged: 0, purging: 0 })
      .execute();
    const added = await chain();
    expect(added.ok).toBe(false);
    expect(added.firstBroken.reason).toContain('链头');
  });

  it('a link forged without the key does not pass', async () => {
    const rows = await writeSome(2);
    await dropGuards();
    // The attacker recomputes the link with a key of its own choosing.
    const r = await env.db.selectFrom('audit_log').selectAll().where('id', '=', rows[1].id).executeTakeFirstOrThrow();
    const forged = { ...r, after_json: '{"body":"伪造"}' };
    await env.db
      .updateTable('audit_log')
      .set({ after_json: forged.after_json, chain_hmac: link(rows[0].chain_hmac, forged, Buffer.alloc(32, 7)) })
      .where('id', '=', r.id)
      .execute();
    expect((await chain()).firstBroken).toMatchObject({ id: rows[1].id });
  });

  it('keeps rows for the retention period, then purges the oldest and verifies from the cut', async () => {
    // Until every lane has a head, so the first young rows name purged rows as their witnesses.
    let old = await writeSome(2);
    const headless = () => env.db.selectFrom('audit_chain').select('id').where('head_id', 'is', null).execute();
    for (let round = 0; round < 10 && (await headless()).length; round++) old = await writeSome(AUDIT_LANES);
    expect(await headless()).toEqual([]);
    env.clock.advance(400 * 86_400_000);
    // A year on, the sessions have long ended.
    coord = await env.login('city.coord');
    auditor = await env.login('auditadmin');
    const young = (await writeSome(1)).filter((r) => !old.some((o) => o.id === r.id));
    const deps = { db: env.db, clock: env.clock, config: loadConfig({ ...TEST_HASH_ENV, AUDIT_RETENTION_DAYS: '365' }) };
    // Login and other rows written meanwhile are younger than the cut-off too.
    const purged = await auditRetention(deps, 'test');
    expect(purged).toBe(old.length);
    const left = new Set((await env.db.selectFrom('audit_log').select('id').execute()).map((r) => r.id));
    expect(old.some((r) => left.has(r.id))).toBe(false);
    expect(young.every((r) => left.has(r.id))).toBe(true);
    expect(young.some((r) => old.some((o) => o.id === Number(r.witness_id)))).toBe(true);
    expect(await chain()).toMatchObject({ ok: true, purged: old.length });
    // The same day again: nothing more to do.
    expect(await auditRetention(deps, 'test')).toBe(0);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/180/);
  });

  it('never purges a row younger than six calendar months or 180 days, whatever the caller asks for', async () => {
    const old = await writeSome(1);
    const count = async () =>
      Number(
        (
          await env.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const all = await count();
    env.clock.advance(100 * 86_400_000);
    expect(await purgeExpiredAudit(env.db, env.clock, 30)).toBe(0);
    // 25 November to 25 May is 181 days: at 180½ days the rows are past 180 days but not six months old.
    env.clock.advance(80.5 * 86_400_000);
    expect(await purgeExpiredAudit(env.db, env.clock, 180)).toBe(0);
    expect(await count()).toBe(all);
    env.clock.advance(1.5 * 86_400_000);
    expect(await purgeExpiredAudit(env.db, env.clock, 1)).toBe(all);
    expect((await env.db.selectFrom('audit_log').select('id').where('id', '<=', old.at(-1)!.id).execute()).length).toBe(0);
    // Six months back from 31 August is the end of February, earlier than 180 days back (4 March).
    expect(retentionCutoff(new Date('2027-08-31T00:00:00.000Z'), 180)).toBe('2027-02-28T00:00:00.000Z');
    expect(retentionCutoff(new Date('2027-08-31T00:00:00.000Z'), 365)).toBe('2026-08-31T00:00:00.000Z');
  });

  it('links the rows an older version logged before the chain existed, at the next start', async () => {
    await writeSome(1);
    // A row as the version before the chain wrote it: no link.
    await env.db
      .insertInto('audit_log')
      .values({
        at: '2026-11-25T02:30:00.000Z',
        user_id: env.users['city.coord'],
        username: 'city.coord',
        org_id: null,
        action: 'comment.create',
        entity_type: 'item',
        entity_id: 1,
        before_json: null,
        after_json: '{"body":"旧版本"}',
        ip: '127.0.0.1',
        request_id: 'legacy-1',
        chain_hmac: null,
      })
      .execute();
    expect((await chain()).firstBroken.reason).toContain('未封存');
    const handle = openDatabase(env.databaseUrl);
    const restarted = await buildApp({
      db: handle.db,
      clock: env.clock,
      config: loadConfig({ DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', ...TEST_HASH_ENV }),
    });
    await restarted.close();
    await handle.close();
    expect(await chain()).toMatchObject({ ok: true, firstBroken: null });
    // Linked once: the row is now as fixed as any other.
    await expect(env.db.updateTable('audit_log').set({ ip: '10.0.0.1' }).where('request_id', '=', 'legacy-1').execute()).rejects.toThrow(/append-only/);
  });
});

describe(`npx huishang audit verify (${dialect})`, () => {
  it('reports a whole chain with exit 0 and the first broken link with exit 1', async () => {
    const rows = await writeSome(3);
    const url = env.databaseUrl;
    const ok = await huishang(['audit', 'verify'], { DATABASE_URL: url });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/审计链完整：\d+ 条记录逐条校验通过/);
    await dropGuards();
    await env.db.updateTable('audit_log').set({ ip: '10.0.0.99' }).where('id', '=', rows[1].id).execute();
    const broken = await huishang(['audit', 'verify'], { DATABASE_URL: url });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`记录 #${rows[1].id}`);
    // Another deployment's key finds nothing valid: the key is part of the proof.
    const wrongKey = await huishang(['audit', 'verify'], { DATABASE_URL: url, AUDIT_KEY: 'ab'.repeat(32) });
    expect(wrongKey.stdout).toContain(`记录 #${rows[0].id}`);
  });
});

describe('audit links', () => {
  const k = Buffer.alloc(32, 9);
  const row = {
    at: '2026-12-07T08:00:00.000Z',
    user_id: 7,
    username: 'city.coord',
    org_id: 3,
    action: 'comment.create',
    entity_type: 'item_comment',
    entity_id: 42,
    before_json: null,
    after_json: '{"body":"审计"}',
    ip: '127.0.0.1',
    request_id: 'req-1',
  };

  it('cover exactly what they covered before witnesses, so the rows logged then still verify', () => {
    // The link as the code before witnesses (commit eeb0df2) computed it.
    expect(link(null, row, k, 1)).toBe('e5e4b24076cf95bcc1c80ec89a0202bab5a7f8cb85af6819f2554a998f436952');
    expect(link(null, row, k, 3)).toBe('a295e36c63318c4da4f2315a5840e3bb1817c43e0da080d6dbcc61a86758e5ef');
    expect(link('ab'.repeat(32), row, k, 3)).toBe('1c42dfffd782d559acdcc3461a009f1977ea508ec05eb33dc1b998f10b47d8ce');
    expect(link(null, { ...row, witness_id: null, witness_hmac: null }, k, 1)).toBe('e5e4b24076cf95bcc1c80ec89a0202bab5a7f8cb85af6819f2554a998f436952');
  });

  it('cover the witness, fixed: a change to what they cover would break every link already written', () => {
    const witnessed = { ...row, witness_id: 41, witness_hmac: 'cd'.repeat(32) };
    expect(link('ab'.repeat(32), witnessed, k, 3)).toBe('24ecbf03125c9b6a85c3a79f967dc85b67f5bc59b0c9a3fe98291c3940f8cd96');
    expect(link('ab'.repeat(32), { ...witnessed, witness_id: 40 }, k, 3)).not.toBe(link('ab'.repeat(32), witnessed, k, 3));
  });
});
