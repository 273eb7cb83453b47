import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { AppError } from './errors.js';
import { keyFromConfigOrFile } from './key-files.js';

/**
 * Sensitive fields sealed with SM4-CTR and authenticated with HMAC-SM3 (encrypt-then-MAC), under a
 * key kept outside the database (FIELD_KEY, or the FIELD_KEY_FILE created on first boot), so a copy
 * of the database alone reveals none of them. The sealed text names its key, so that during a
 * rotation rows under the previous key (FIELD_KEY_PREVIOUS) stay readable until they are re-sealed.
 * Sealed fields that must be found by value carry a blind index: HMAC-SM3 of the normalised value
 * under a key derived from the same configured key, so equal values match without being readable.
 */
const VERSION = 'f1';
const SEALED = /^f1:[0-9a-f]{8}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*:[A-Za-z0-9_-]{43}$/;

interface FieldKey {
  id: string;
  enc: Buffer;
  mac: Buffer;
  index: Buffer;
}

let ring: { current: FieldKey; previous: FieldKey[] } | null = null;

/** A refused sealed value: altered, sealed under a key not configured, or not sealed at all. */
export class SealedFieldError extends AppError {
  constructor(readonly reason: string) {
    super('SEALED_FIELD_INVALID', `加密字段无法解密，已拒绝读取（${reason}）`);
  }
}

function derive(k: Buffer): FieldKey {
  // Separate keys for the cipher, the MAC and the blind index, all derived from the one configured key.
  const d = (label: string) => createHmac('sm3', k).update(label).digest();
  return { enc: d('huishang field enc').subarray(0, 16), mac: d('huishang field mac'), index: d('huishang field index'), id: d('huishang field id').toString('hex').slice(0, 8) };
}

/** The short public name of a key, carried by everything sealed under it. */
export function fieldKeyId(k: Buffer): string {
  return derive(k).id;
}

/**
 * The current key from FIELD_KEY, else FIELD_KEY_FILE. The file is created (0600) only when
 * `createFile` says no field has been sealed yet: once one has, a missing key is an error to
 * report, not a reason to start sealing under a new one.
 */
export function loadFieldKey(config: Pick<Config, 'FIELD_KEY' | 'FIELD_KEY_FILE'>, createFile = true): Buffer {
  if (!config.FIELD_KEY && !createFile && !fs.existsSync(path.resolve(config.FIELD_KEY_FILE))) {
    throw new Error(
      `字段加密密钥缺失：未设置 FIELD_KEY，密钥文件 ${path.resolve(config.FIELD_KEY_FILE)} 也不存在，而数据库中已有加密字段。请配置原来的密钥；换用新密钥将无法解密这些字段。`,
    );
  }
  return keyFromConfigOrFile(config.FIELD_KEY, config.FIELD_KEY_FILE, '字段加密密钥');
}

/** The keys still accepted for opening during a rotation: FIELD_KEY_PREVIOUS, each hex or a key file. */
export function loadPreviousFieldKeys(config: Pick<Config, 'FIELD_KEY_PREVIOUS'>): Buffer[] {
  return config.FIELD_KEY_PREVIOUS.map((entry) => {
    if (/^[0-9a-fA-F]{64,}$/.test(entry)) return Buffer.from(entry, 'hex');
    const at = path.resolve(entry);
    if (!fs.existsSync(at)) throw new Error(`FIELD_KEY_PREVIOUS 中的密钥文件 ${at} 不存在`);
    return keyFromConfigOrFile(undefined, at, '旧字段加密密钥');
  });
}

export function setFieldKey(k: Buffer, previous: Buffer[] = []): void {
  const current = derive(k);
  ring = { current, previous: previous.map(derive).filter((p) => p.id !== current.id) };
}

function requireRing() {
  if (!ring) throw new Error('field key not loaded: buildApp (openFieldKeys) or setFieldKey must run first');
  return ring;
}

export function currentFieldKeyId(): string {
  return requireRing().current.id;
}

/** Every key id this process can open: the current one first. */
export function knownFieldKeyIds(): string[] {
  const r = requireRing();
  return [r.current.id, ...r.previous.map((p) => p.id)];
}

export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** The id of the key a value was sealed under; null for anything that is not sealed text. */
export function sealedKeyId(value: string): string | null {
  return isSealed(value) ? value.slice(3, 11) : null;
}

/** Sealed text starts with this for every value under the key `id` (for LIKE filters). */
export function sealedPrefix(id: string): string {
  return `${VERSION}:${id}:`;
}

export function sealField(plain: string, k?: Buffer): string {
  const key = k ? derive(k) : requireRing().current;
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', key.enc, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  const head = `${VERSION}:${key.id}:${iv.toString('base64url')}:${ct.toString('base64url')}`;
  return `${head}:${createHmac('sm3', key.mac).update(head).digest('base64url')}`;
}

/** The plain text; throws when the text was altered or sealed under a key that is not configured. */
export function openField(sealed: string, k?: Buffer): string {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SealedFieldError('not a sealed field');
  let key: FieldKey | undefined;
  if (k) {
    key = derive(k);
    if (parts[1] !== key.id) throw new SealedFieldError('sealed under another key');
  } else {
    const r = requireRing();
    key = [r.current, ...r.previous].find((x) => x.id === parts[1]);
    if (!key) throw new SealedFieldError(`sealed under another key ${parts[1]}, not configured`);
  }
  const head = parts.slice(0, 4).join(':');
  const want = createHmac('sm3', key.mac).update(head).digest();
  const got = Buffer.from(parts[4]!, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new SealedFieldError('sealed field fails its MAC');
  const d = createDecipheriv('sm4-ctr', key.enc, Buffer.from(parts[2]!, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(parts[3]!, 'base64url')), d.final()]).toString('utf8');
}

export function sealNullable(plain: string | null | undefined): string | null {
  return plain === null || plain === undefined ? null : sealField(plain);
}

export function openNullable(sealed: string | null | undefined): string | null {
  return sealed === null || sealed === undefined ? null : openField(sealed);
}

/** Case, width and surrounding space do not make two addresses or numbers different. */
function normalise(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** The blind index of a value under the current key (or `k`); `kind` keeps equal values of different fields apart. */
export function blindIndex(kind: string, value: string, k?: Buffer): string {
  const key = k ? derive(k) : requireRing().current;
  return createHmac('sm3', key.index).update(kind).update('\n').update(normalise(value)).digest('hex');
}

export function blindIndexNullable(kind: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : blindIndex(kind, value);
}

/** The value's blind index under every configured key: a lookup during a rotation finds rows not yet re-sealed. */
export function blindIndexes(kind: string, value: string): string[] {
  const r = requireRing();
  return [r.current, ...r.previous].map((key) => createHmac('sm3', key.index).update(kind).update('\n').update(normalise(value)).digest('hex'));
}

/**
 * What the audit log keeps of a sealed value: that it was set, and a keyed fingerprint so a change
 * shows in the diff, never the value itself (the audit log cannot be re-sealed or erased).
 */
export function auditMark(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : `已加密#${blindIndex('audit', value).slice(0, 8)}`;
}

/**
 * A keyed HMAC-SM3 of a short secret (a recovery code), for lookup by equality: unlike a bare hash,
 * a copy of the database alone cannot be searched for the codes it stands for. Kept under the
 * current key; a lookup tries every configured key (fieldDigests), so codes made before a rotation
 * work while the previous key is still configured, and must be made anew once it is removed.
 */
export function fieldDigest(plain: string, k?: Buffer): string {
  const key = k ? derive(k) : requireRing().current;
  return createHmac('sm3', key.index).update('digest\n').update(plain).digest('hex');
}

export function fieldDigests(plain: string): string[] {
  const r = requireRing();
  return [r.current, ...r.previous].map((key) => createHmac('sm3', key.index).update('digest\n').update(plain).digest('hex'));
}
