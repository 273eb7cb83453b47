import type { Migration } from 'kysely';
import * as foundation from './20261125T0001_foundation.js';

/** Every migration, in order; the names are frozen once released. */
export const migrations: Record<string, Migration> = {
  '20261125T0001_foundation': foundation,
};
