/**
 * 系统参数 as the running server reads them. Each instance keeps what it read for a few seconds, so
 * the session hook does not query on every request; a change made here is seen at once, one made
 * through another instance within PARAMETER_CACHE_MS.
 */
import { DEFAULT_LIGHT_THRESHOLDS, type LightThresholds } from '../../domain/supervision.js';
import { PARAMETER_KEYS, PARAMETER_SPECS, type ParameterKey } from '../../domain/parameters.js';
import { DEFAULT_PASSWORD_RULES, type PasswordRules } from '../../domain/users.js';
import type { Config } from '../config.js';
import type { Db, Tx } from './db.js';

export const PARAMETER_CACHE_MS = 5000;
const DEFAULT_PASSWORD_HISTORY = 5;
const PREFIX = 'param.';

export interface StoredParameter {
  v: number;
  at: string;
  by: string;
}

interface Source {
  db: Db;
  config: Config;
}

const caches = new WeakMap<Db | Tx, { readAt: number; values: Map<ParameterKey, StoredParameter> }>();

/** What a parameter is when nobody has set it: the server's configuration where it has one. */
export function parameterDefaults(config: Config): Record<ParameterKey, number> {
  return {
    'session.idleMinutes': config.SESSION_IDLE_MINUTES,
    'login.maxFailures': config.LOGIN_MAX_FAILURES,
    'login.lockMinutes': config.LOGIN_LOCK_MINUTES,
    'password.minLength': DEFAULT_PASSWORD_RULES.minLength,
    'password.minClasses': DEFAULT_PASSWORD_RULES.minClasses,
    'password.history': DEFAULT_PASSWORD_HISTORY,
    // Off unless a deployment sets it (the mlps3 profile does): an expiry nobody chose locks people out by surprise.
    'password.expiryDays': 0,
    'lights.redReportLateDays': DEFAULT_LIGHT_THRESHOLDS.redReportLateDays,
    'lights.yellowDeadlineDays': DEFAULT_LIGHT_THRESHOLDS.yellowDeadlineDays,
    'lights.yellowLagPoints': DEFAULT_LIGHT_THRESHOLDS.yellowLagPoints,
    'upload.attachmentMaxMb': config.ATTACHMENT_MAX_MB,
    'upload.ledgerMaxMb': config.LEDGER_MAX_MB,
    'upload.ledgerMaxRows': config.LEDGER_MAX_ROWS,
  };
}

function parseStored(key: ParameterKey, raw: string): StoredParameter | null {
  try {
    const s = JSON.parse(raw) as Partial<StoredParameter>;
    const spec = PARAMETER_SPECS[key];
    // A value outside the bounds (written by hand into the table) is ignored, not obeyed.
    if (typeof s.v !== 'number' || !Number.isInteger(s.v) || s.v < spec.min || s.v > spec.max) return null;
    return { v: s.v, at: String(s.at ?? ''), by: String(s.by ?? '') };
  } catch {
    return null;
  }
}

export async function storedParameters(db: Db | Tx): Promise<Map<ParameterKey, StoredParameter>> {
  const hit = caches.get(db);
  if (hit && performance.now() - hit.readAt < PARAMETER_CACHE_MS) return hit.values;
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${PREFIX}%`).execute();
  const values = new Map<ParameterKey, StoredParameter>();
  for (const r of rows) {
    const key = r.key.slice(PREFIX.length) as ParameterKey;
    if (!(PARAMETER_KEYS as readonly string[]).includes(key)) continue;
    const s = parseStored(key, r.value);
    if (s) values.set(key, s);
  }
  caches.set(db, { readAt: performance.now(), values });
  return values;
}

// Read on every request (the session's idle limit): built once per configuration.
const defaultsByConfig = new WeakMap<Config, Record<ParameterKey, number>>();

export async function parameter(src: Source, key: ParameterKey): Promise<number> {
  const stored = (await storedParameters(src.db)).get(key)?.v;
  if (stored !== undefined) return stored;
  let defaults = defaultsByConfig.get(src.config);
  if (!defaults) defaultsByConfig.set(src.config, (defaults = parameterDefaults(src.config)));
  return defaults[key];
}

export async function writeParameter(tx: Tx, key: ParameterKey, value: StoredParameter | null): Promise<void> {
  await tx
    .deleteFrom('settings')
    .where('key', '=', PREFIX + key)
    .execute();
  if (value) {
    await tx
      .insertInto('settings')
      .values({ key: PREFIX + key, value: JSON.stringify(value) })
      .execute();
  }
}

export function forgetParameters(db: Db): void {
  caches.delete(db);
}

export const idleMinutes = (src: Source) => parameter(src, 'session.idleMinutes');

export interface PasswordPolicy extends PasswordRules {
  /** How many passwords back (the current one included) may not be chosen again. */
  history: number;
  /** Days a password lasts before a forced change; 0: for ever. */
  expiryDays: number;
}

export async function passwordPolicy(src: Source): Promise<PasswordPolicy> {
  const [minLength, minClasses, history, expiryDays] = await Promise.all([
    parameter(src, 'password.minLength'),
    parameter(src, 'password.minClasses'),
    parameter(src, 'password.history'),
    parameter(src, 'password.expiryDays'),
  ]);
  return { minLength, minClasses, history, expiryDays };
}

/** The warning-light thresholds a consultation without its own uses (their defaults are the product's, not the configuration's). */
export async function defaultLightThresholds(db: Db | Tx): Promise<LightThresholds> {
  const stored = await storedParameters(db);
  return {
    redReportLateDays: stored.get('lights.redReportLateDays')?.v ?? DEFAULT_LIGHT_THRESHOLDS.redReportLateDays,
    yellowDeadlineDays: stored.get('lights.yellowDeadlineDays')?.v ?? DEFAULT_LIGHT_THRESHOLDS.yellowDeadlineDays,
    yellowLagPoints: stored.get('lights.yellowLagPoints')?.v ?? DEFAULT_LIGHT_THRESHOLDS.yellowLagPoints,
  };
}
