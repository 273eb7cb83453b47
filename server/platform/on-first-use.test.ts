import { describe, expect, it } from 'vitest';
import { onFirstUse } from './on-first-use.js';
import { helmetHeaders } from './security-headers.js';

describe('onFirstUse', () => {
  it('imports nothing until asked, then once for all callers, even concurrent ones', async () => {
    let loads = 0;
    const mod = onFirstUse(async () => {
      loads++;
      return { value: loads };
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([mod(), mod()]);
    expect(await mod()).toBe(a);
    expect(b).toBe(a);
    expect(loads).toBe(1);
  });

  it('tries a failed import again on the next call instead of keeping the failure', async () => {
    let calls = 0;
    const mod = onFirstUse(async () => {
      calls++;
      if (calls === 1) throw new Error('not yet');
      return 'loaded';
    });
    await expect(mod()).rejects.toThrow('not yet');
    expect(await mod()).toBe('loaded');
    expect(calls).toBe(2);
  });
});

describe('helmetHeaders', () => {
  it('records what helmet sets, HSTS only when asked, and the policy as configured', () => {
    const names = (o: Parameters<typeof helmetHeaders>[0]) => helmetHeaders(o).map(([n]) => n.toLowerCase());
    expect(names({ hsts: false })).not.toContain('strict-transport-security');
    expect(names({ hsts: true })).toContain('strict-transport-security');
    const csp = new Map(helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } } })).get('Content-Security-Policy');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(names({})).toEqual(expect.arrayContaining(['x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy']));
  });
});
