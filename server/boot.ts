import { loadConfig, type Config } from './config.js';
import { openDatabase, migrateToLatest, type DbHandle } from './platform/db.js';
import { type Clock, pinnedDayClock, systemClock, cstDate } from './platform/clock.js';
import { isDemo } from './modules/settings/settings.repo.js';
import { seedDemo } from './db/seeds/demo.seed.js';
import { passwordHashCost } from './platform/crypto.js';

export interface Booted {
  config: Config;
  handle: DbHandle;
  clock: Clock;
  demo: boolean;
  seeded: boolean;
}

/** Config, database, migrations and (on an empty database in demo mode) the demo data. */
export async function boot(env: Record<string, string | undefined> = process.env): Promise<Booted> {
  const config = loadConfig(env);
  const handle = openDatabase(config.DATABASE_URL, { poolMax: config.PG_POOL_MAX });
  await migrateToLatest(handle.db);
  let seeded = false;
  if (config.HUISHANG_DEMO === 'auto') {
    const anyOrganisation = () => handle.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (!(await anyOrganisation())) {
      const now = new Date();
      try {
        await seedDemo(handle.db, {
          password: config.HUISHANG_DEMO_PASSWORD,
          now: now.toISOString(),
          today: config.HUISHANG_TODAY ?? cstDate(now),
          hashCost: passwordHashCost(config),
        });
        seeded = true;
      } catch (err) {
        // Several instances started together on one empty database: the first seed to commit wins and
        // the others' (one transaction each, held up on its unique keys) roll back whole. Only a seed
        // that failed with nobody's data in place is a failure.
        if (!(await anyOrganisation())) throw err;
      }
    }
  }
  const demo = await isDemo(handle.db);
  // HUISHANG_TODAY is honoured in demo mode only; a real deployment always runs on the real date.
  const clock = demo && config.HUISHANG_TODAY ? pinnedDayClock(config.HUISHANG_TODAY) : systemClock();
  return { config, handle, clock, demo, seeded };
}
