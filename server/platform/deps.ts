import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { Db } from './db.js';

/** What every module is built from; passed explicitly, never imported as a global. */
export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
}
