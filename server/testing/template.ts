import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedDemo } from '../db/seeds/demo.seed.js';
import { manualClock } from '../platform/clock.js';
import type { PasswordHashCost } from '../platform/crypto.js';
import { migrateToLatest, openDatabase } from '../platform/db.js';

// The demo database every test env starts from, built once per run (server/testing/global-setup.ts):
// migrating and seeding it costs far more than copying it, and the demo is the same every time.

export const TEST_PASSWORD = 'Test@Passw0rd';
/** Tests run on a fixed day so the demo's relative dates are predictable. */
export const TEST_NOW = new Date('2026-11-25T02:00:00.000Z');
/**
 * argon2id at its lowest cost: test runs hash and verify passwords hundreds of times, and what they
 * check is the flow, not the cost. The same values as config keys, for a test env's config.
 */
export const TEST_HASH_COST: PasswordHashCost = { memoryKib: 8, passes: 1 };
/** What every test's config (app and command line) sets: a cheap password hash, and a fixed audit-chain key instead of a key file. */
export const TEST_HASH_ENV = {
  PASSWORD_HASH_MEMORY_KIB: String(TEST_HASH_COST.memoryKib),
  PASSWORD_HASH_PASSES: String(TEST_HASH_COST.passes),
  AUDIT_KEY: '5e'.repeat(32),
  FIELD_KEY: '6f'.repeat(32),
};

export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Seeded = Awaited<ReturnType<typeof seedDemo>>;

export interface DemoTemplate {
  dialect: 'sqlite' | 'postgres';
  /** SQLite: the database file to copy. PostgreSQL: the database to create new ones from. */
  source: string;
  seeded: Seeded;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: DemoTemplate;
  }
}

export function pgUrlOf(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function migrateAndSeed(url: string): Promise<Seeded> {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    const clock = manualClock(TEST_NOW);
    return await seedDemo(handle.db, { password: TEST_PASSWORD, now: TEST_NOW.toISOString(), today: clock.today(), hashCost: TEST_HASH_COST });
  } finally {
    await handle.close();
  }
}

/** Builds the demo template; `drop` removes it. */
export async function buildDemoTemplate(dialect: 'sqlite' | 'postgres'): Promise<{ template: DemoTemplate; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-template-'));
    const file = path.join(dir, 'demo.db');
    const seeded = await migrateAndSeed(`sqlite:${file}`);
    // Closing checkpointed the WAL into the file: the file alone is the whole database.
    return { template: { dialect, source: file, seeded }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `hs_template_${process.pid}_${randomBytes(4).toString('hex')}`;
  await pgAdmin((c) => c.query(`create database ${name}`));
  const seeded = await migrateAndSeed(pgUrlOf(name));
  // Copies fail while anyone is connected to the template; make sure nobody can be.
  await pgAdmin((c) => c.query(`alter database ${name} allow_connections false`));
  return { template: { dialect, source: name, seeded }, drop: () => pgAdmin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))) };
}
