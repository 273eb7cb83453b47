import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, emptyTestDatabase, type TestEnv } from '../testing/support.js';
import { changesOf, type DbHandle } from '../platform/db.js';
import { backup, BackupError, insertionPlan, isDerivedTable, restore } from './backup.js';
import { huishang } from './cli.testkit.js';

let env: TestEnv;
let source: DbHandle;
const cleanups: (() => Promise<void>)[] = [];
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR a meeting photo for the backup test')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh, empty database of the dialect under test, closed and dropped after the file's tests. */
async function emptyDatabase(): Promise<{ url: string; handle: DbHandle }> {
  const { handle, url, drop } = await emptyTestDatabase('restore');
  cleanups.push(drop);
  cleanups.unshift(() => handle.close());
  return { url, handle };
}

async function tableRows(h: DbHandle) {
  const db = h.db as unknown as import('kysely').Kysely<any>;
  const out: Record<string, unknown[]> = {};
  for (const t of await db.introspection.getTables()) {
    if (isDerivedTable(t.name)) continue;
    const hasId = t.columns.some((c) => c.name === 'id');
    let q = db.selectFrom(t.name).selectAll();
    q = hasId ? q.orderBy('id') : t.columns.reduce((acc, c) => acc.orderBy(c.name), q);
    out[t.name] = await q.execute();
  }
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  source = { db: env.db, dialect, changes: changesOf(env.db)!, close: async () => {} };
  // Data beyond the demo: a meeting with a photo, a need with a PDF, a comment.
  const city = await env.login('city.coord');
  const meeting = await city.req('POST', `/api/v1/consultations/${env.consultations.wangcang}/meetings`, {
    heldOn: '2026-04-15',
    venue: '备份测试会议室',
    attendees: [{ name: '张明', orgName: '广元市科学技术局', title: '局长' }],
    agenda: '一、备份',
    minutesHtml: '<p>会议纪要</p>',
  });
  expect(meeting.status).toBe(201);
  expect((await city.upload(`/api/v1/meetings/${meeting.body.id}/photos`, { filename: '会场.png', content: PNG })).status).toBe(201);
  const cx = await env.login('cangxi.coord');
  const need = await cx.req('POST', `/api/v1/consultations/${env.consultations.cangxi}/needs`, { title: '备份测试需求', domain: '农业农村' });
  expect(need.status).toBe(201);
  expect((await cx.upload(`/api/v1/needs/${need.body.id}/attachments`, { filename: '材料.pdf', content: PDF })).status).toBe(201);
});

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  await env?.close();
});

describe(`backup and restore (${dialect})`, () => {
  it('round-trips every row of every table and every attachment into a fresh database and file store', async () => {
    const dir = path.join(tmpDir('hs-backup-'), 'nightly');
    const manifest = await backup(source, { FILES_DIR: env.filesDir }, dir);
    expect(manifest).toMatchObject({ format: 'huishang-backup', version: 1, dialect, files: { count: 2 } });
    expect(manifest.tables.items).toBeGreaterThanOrEqual(36);
    expect(manifest.migrations.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'database.sqlite'))).toBe(dialect === 'sqlite');

    const target = await emptyDatabase();
    const files = tmpDir('hs-restore-files-');
    await restore(target.handle, { FILES_DIR: files }, dir);

    const [before, after] = await Promise.all([tableRows(source), tableRows(target.handle)]);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);
    if (dialect === 'sqlite') {
      // The full-text index was rebuilt from the restored rows, and agrees with them.
      await sql`insert into search_fts(search_fts, rank) values ('integrity-check', 1)`.execute(target.handle.db);
      const hits = await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match '"猕猴 猴桃"'`.execute(target.handle.db);
      expect(Number(hits.rows[0]!.n)).toBeGreaterThan(0);
    }

    // The item tallies are not copied (a copy would count each item twice): the restored items were
    // counted again by the triggers, to the same figures.
    for (const t of ['item_tallies', 'item_domain_tallies', 'item_punctuality_tallies']) {
      expect(manifest.tables[t], t).toBeUndefined();
      const rows = async (h: DbHandle) => {
        const db = h.db as unknown as import('kysely').Kysely<any>;
        const cols = (await db.introspection.getTables()).find((x) => x.name === t)!.columns.map((c) => c.name);
        return cols.reduce((q, c) => q.orderBy(c), db.selectFrom(t).selectAll()).execute();
      };
      const kept = await rows(source);
      expect(kept.length, t).toBeGreaterThan(0);
      expect(await rows(target.handle), t).toEqual(kept);
    }

    const attachments = await env.db.selectFrom('attachments').select(['storage_key', 'filename']).execute();
    expect(attachments).toHaveLength(2);
    for (const a of attachments) {
      const rel = path.join(a.storage_key.slice(0, 2), a.storage_key);
      expect(fs.readFileSync(path.join(files, rel)), a.filename).toEqual(fs.readFileSync(path.join(env.filesDir, rel)));
    }

    // New rows continue after the restored ids (PostgreSQL's sequences were moved on).
    const maxOrg = Math.max(...(before.organisations as { id: number }[]).map((o) => o.id));
    const now = new Date().toISOString();
    const org = await target.handle.db
      .insertInto('organisations')
      .values({ parent_id: null, name: '恢复后新建', short_name: null, kind: 'other', division_code: null, path: '', sort_order: 0, version: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(org.id).toBeGreaterThan(maxOrg);
  });

  it('refuses a non-empty backup directory, a non-empty database or file store, and a damaged file, writing nothing', async () => {
    const dir = path.join(tmpDir('hs-backup-'), 'b');
    await backup(source, { FILES_DIR: env.filesDir }, dir);
    await expect(backup(source, { FILES_DIR: env.filesDir }, dir)).rejects.toThrow(BackupError);

    await expect(restore(source, { FILES_DIR: tmpDir('hs-restore-files-') }, dir)).rejects.toThrow(/不是空的/);

    const busyFiles = tmpDir('hs-restore-files-');
    fs.writeFileSync(path.join(busyFiles, 'stray.bin'), 'x');
    const t1 = await emptyDatabase();
    await expect(restore(t1.handle, { FILES_DIR: busyFiles }, dir)).rejects.toThrow(/附件目录/);

    const stored = fs.readdirSync(path.join(dir, 'files'), { recursive: true, withFileTypes: true }).find((e) => e.isFile())!;
    const storedPath = path.join(stored.parentPath, stored.name);
    fs.appendFileSync(storedPath, 'tampered');
    const t2 = await emptyDatabase();
    const files = tmpDir('hs-restore-files-');
    await expect(restore(t2.handle, { FILES_DIR: files }, dir)).rejects.toThrow(/SM3/);
    expect(fs.readdirSync(files)).toEqual([]);
    const tables = await t2.handle.db.introspection.getTables();
    if (tables.some((t) => t.name === 'users')) expect(await t2.handle.db.selectFrom('users').select('id').execute()).toEqual([]);

    await expect(restore(t2.handle, { FILES_DIR: files }, tmpDir('hs-not-a-backup-'))).rejects.toThrow(/manifest/);
  });

  it('orders parents before children and defers self-references and cycles through a nullable column', () => {
    const col = (name: string, isNullable = false) => ({ name, isNullable });
    const plan = insertionPlan(
      [
        { name: 'versions', columns: [col('id'), col('consultation_id')] },
        { name: 'consultations', columns: [col('id'), col('agreed_version_id', true)] },
        { name: 'orgs', columns: [col('id'), col('parent_id', true)] },
      ],
      [
        { table: 'versions', column: 'consultation_id', refTable: 'consultations' },
        { table: 'consultations', column: 'agreed_version_id', refTable: 'versions' },
        { table: 'orgs', column: 'parent_id', refTable: 'orgs' },
      ],
    );
    expect(plan.order.indexOf('consultations')).toBeLessThan(plan.order.indexOf('versions'));
    expect(plan.deferred.get('consultations')).toEqual(['agreed_version_id']);
    expect(plan.deferred.get('orgs')).toEqual(['parent_id']);
    expect(plan.deferred.has('versions')).toBe(false);
    expect(() =>
      insertionPlan(
        [
          { name: 'a', columns: [col('id'), col('b_id')] },
          { name: 'b', columns: [col('id'), col('a_id')] },
        ],
        [
          { table: 'a', column: 'b_id', refTable: 'b' },
          { table: 'b', column: 'a_id', refTable: 'a' },
        ],
      ),
    ).toThrow(BackupError);
  });

  it('backs up and restores through the huishang command', async () => {
    const first = path.join(tmpDir('hs-backup-'), 'first');
    await backup(source, { FILES_DIR: env.filesDir }, first);
    const target = await emptyDatabase();
    const files = tmpDir('hs-restore-files-');
    const cli = (...args: string[]) => huishang(args, { DATABASE_URL: target.url, FILES_DIR: files });

    const restored = await cli('restore', first);
    expect(restored, restored.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('已恢复') });
    const second = path.join(tmpDir('hs-backup-'), 'second');
    const backedUp = await cli('backup', second);
    expect(backedUp, backedUp.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('备份完成') });
    const m1 = JSON.parse(fs.readFileSync(path.join(first, 'manifest.json'), 'utf8'));
    const m2 = JSON.parse(fs.readFileSync(path.join(second, 'manifest.json'), 'utf8'));
    expect(m2.tables).toEqual(m1.tables);
    expect(m2.files).toEqual(m1.files);

    expect(await cli('restore', first)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('不是空的') });
  }, 60_000);
});
