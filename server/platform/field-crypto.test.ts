import { describe, expect, it } from 'vitest';
import { openField, sealField } from './field-crypto.js';

const KEY = Buffer.from('6f'.repeat(32), 'hex');
const OTHER = Buffer.from('70'.repeat(32), 'hex');

describe('sealed fields (SM4-CTR + HMAC-SM3)', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = sealField('JBSWY3DPEHPK3PXP 旺苍', KEY);
    const b = sealField('JBSWY3DPEHPK3PXP 旺苍', KEY);
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DP');
    expect(openField(a, KEY)).toBe('JBSWY3DPEHPK3PXP 旺苍');
    expect(openField(b, KEY)).toBe('JBSWY3DPEHPK3PXP 旺苍');
  });

  it('refuses altered text, another key and anything not sealed', () => {
    const s = sealField('secret', KEY);
    const parts = s.split(':');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(() => openField([...parts.slice(0, 3), ct.toString('base64url'), parts[4]].join(':'), KEY)).toThrow(/MAC/);
    expect(() => openField(s, OTHER)).toThrow(/another key/);
    expect(() => openField('secret', KEY)).toThrow(/not a sealed field/);
  });
});
