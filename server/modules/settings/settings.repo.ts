import type { Db, Tx } from '../../platform/db.js';

export async function getSetting(db: Db | Tx, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setSetting(db: Db | Tx, key: string, value: string): Promise<void> {
  const updated = await db.updateTable('settings').set({ value }).where('key', '=', key).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('settings').values({ key, value }).execute();
}

export const DEMO_MODE_KEY = 'demo_mode';

export async function isDemo(db: Db): Promise<boolean> {
  return (await getSetting(db, DEMO_MODE_KEY)) === 'true';
}
