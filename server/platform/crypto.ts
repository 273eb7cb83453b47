import { randomBytes, createHash, timingSafeEqual, type Hash } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// All cryptography sits behind this module so a certified 密评 module can replace it in one place.

/** SM3 digest (GB/T 32905) of a secret token, hex; what the database stores instead of the token. */
export function sm3Hex(input: string): string {
  return createHash('sm3').update(input, 'utf8').digest('hex');
}

/** An SM3 digest fed chunk by chunk, for files streamed to disk without holding them in memory. */
export function sm3Hasher(): Hash {
  return createHash('sm3');
}

export function sm3BufferHex(data: Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** argon2id cost of a new password hash: memory in KiB and passes. */
export interface PasswordHashCost {
  memoryKib: number;
  passes: number;
}

/** The OWASP baseline (m=19456 KiB, t=2, p=1), the library's own default; what production uses. */
export const DEFAULT_PASSWORD_HASH_COST: PasswordHashCost = { memoryKib: 19_456, passes: 2 };

/** The cost the validated config asks for (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES). */
export function passwordHashCost(config: { PASSWORD_HASH_MEMORY_KIB: number; PASSWORD_HASH_PASSES: number }): PasswordHashCost {
  return { memoryKib: config.PASSWORD_HASH_MEMORY_KIB, passes: config.PASSWORD_HASH_PASSES };
}

export function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  // The library's default algorithm is argon2id; the cost is stored in the hash, so verifying needs no settings.
  return hash(password, { memoryCost: cost.memoryKib, timeCost: cost.passes, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
