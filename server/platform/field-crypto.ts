import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { keyFromConfigOrFile } from './key-files.js';

/**
 * Sensitive fields sealed with SM4-CTR and authenticated with HMAC-SM3 (encrypt-then-MAC), under a
 * key kept outside the database (FIELD_KEY, or the FIELD_KEY_FILE created on first boot), so a copy
 * of the database alone reveals none of them. The sealed text names its key, for rotation.
 */
const VERSION = 'f1';
let master: Buffer | null = null;

export function loadFieldKey(config: Pick<Config, 'FIELD_KEY' | 'FIELD_KEY_FILE'>): Buffer {
  return keyFromConfigOrFile(config.FIELD_KEY, config.FIELD_KEY_FILE, '字段加密密钥');
}

export function setFieldKey(k: Buffer): void {
  master = k;
}

function keys(k: Buffer): { enc: Buffer; mac: Buffer; id: string } {
  // Separate keys for the cipher and the MAC, both derived from the one configured key.
  const enc = createHmac('sm3', k).update('huishang field enc').digest().subarray(0, 16);
  const mac = createHmac('sm3', k).update('huishang field mac').digest();
  const id = createHmac('sm3', k).update('huishang field id').digest('hex').slice(0, 8);
  return { enc, mac, id };
}

function requireKey(): Buffer {
  if (!master) throw new Error('field key not loaded: call setFieldKey(loadFieldKey(config)) at start-up');
  return master;
}

export function sealField(plain: string, k: Buffer = requireKey()): string {
  const { enc, mac, id } = keys(k);
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', enc, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  const head = `${VERSION}:${id}:${iv.toString('base64url')}:${ct.toString('base64url')}`;
  return `${head}:${createHmac('sm3', mac).update(head).digest('base64url')}`;
}

/** The plain text; throws when the text was altered or sealed under another key. */
export function openField(sealed: string, k: Buffer = requireKey()): string {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error('not a sealed field');
  const { enc, mac, id } = keys(k);
  if (parts[1] !== id) throw new Error('sealed under another key');
  const head = parts.slice(0, 4).join(':');
  const want = createHmac('sm3', mac).update(head).digest();
  const got = Buffer.from(parts[4]!, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new Error('sealed field fails its MAC');
  const d = createDecipheriv('sm4-ctr', enc, Buffer.from(parts[2]!, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(parts[3]!, 'base64url')), d.final()]).toString('utf8');
}

/**
 * A keyed HMAC-SM3 of a short secret (a recovery code), for lookup by equality: unlike a bare hash,
 * a copy of the database alone cannot be searched for the codes it stands for.
 */
export function fieldDigest(plain: string, k: Buffer = requireKey()): string {
  const key = createHmac('sm3', k).update('huishang field digest').digest();
  return createHmac('sm3', key).update(plain).digest('hex');
}
