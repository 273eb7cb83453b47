import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newTotpSecret, otpauthUri, totpAt, verifyTotp } from './totp.js';

// RFC 4226 appendix D and RFC 6238 appendix B (SHA1, the secret "12345678901234567890").
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('one-time passwords', () => {
  it('computes the RFC 4226 HOTP values', () => {
    const want = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(want.map((_, i) => hotp(RFC_SECRET, i))).toEqual(want);
  });

  it('computes the RFC 6238 TOTP values (their last six digits)', () => {
    const secret = base32Encode(RFC_SECRET);
    const cases: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [t, code] of cases) expect(totpAt(secret, new Date(t * 1000))).toBe(code.slice(2));
  });

  it('round-trips base32 and makes 160-bit secrets', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb-oi')).toEqual(Buffer.from('foobar'));
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)).toHaveLength(20);
    expect(() => base32Decode('not-base32!')).toThrow();
  });

  it('accepts a code one step either side, never the same step twice, and nothing malformed', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-12-05T00:00:10Z');
    const code = totpAt(secret, now);
    const step = verifyTotp(secret, code, now, null);
    expect(step).not.toBeNull();
    expect(verifyTotp(secret, code, new Date(now.getTime() + 30_000), null)).toBe(step);
    expect(verifyTotp(secret, code, new Date(now.getTime() + 90_000), null)).toBeNull();
    expect(verifyTotp(secret, code, now, step)).toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 12345']) expect(verifyTotp(secret, bad, now, null)).toBeNull();
  });

  it('writes the otpauth address apps scan', () => {
    expect(otpauthUri('会商平台', 'sysadmin', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/%E4%BC%9A%E5%95%86%E5%B9%B3%E5%8F%B0%3Asysadmin?secret=JBSWY3DPEHPK3PXP&issuer=%E4%BC%9A%E5%95%86%E5%B9%B3%E5%8F%B0&algorithm=SHA1&digits=6&period=30',
    );
  });
});
