import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAINS } from '../../../domain/items.js';
import { createTestEnv, dialect, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
// A test adds a domain: each starts from a fresh copy of the demo and its nine.
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(() => env?.close());

describe(`domain dictionary (${dialect})`, () => {
  it('is seeded with the nine domains, in order, readable by every signed-in user', async () => {
    const a = await env.login('wangcang.nyj');
    const r = await a.req('GET', '/api/v1/dictionaries/item_domain');
    expect(r.status).toBe(200);
    expect(r.body.data.map((d: { value: string }) => d.value)).toEqual([...DEFAULT_DOMAINS]);
    expect((await env.anon('GET', '/api/v1/dictionaries/item_domain')).status).toBe(401);
    expect((await a.req('GET', '/api/v1/dictionaries/colours')).status).toBe(400);
  });

  it('lets the system administrator add, rename and disable a domain; items then follow the dictionary', async () => {
    const admin = await env.login('sysadmin');
    const added = await admin.req('POST', '/api/v1/dictionaries/item_domain', { value: '知识产权', sortOrder: 95 });
    expect(added.status).toBe(201);
    expect((await admin.req('POST', '/api/v1/dictionaries/item_domain', { value: '知识产权' })).status).toBe(409);

    const cx = await env.login('cangxi.coord');
    const C = env.consultations.cangxi;
    const item = await cx.req('POST', `/api/v1/consultations/${C}/items`, { title: '专利导航', category: 'joint_pursuit', domain: '知识产权' });
    expect(item.status).toBe(201);

    const renamed = await admin.req('PATCH', `/api/v1/dictionaries/item_domain/${added.body.id}`, { label: '知识产权保护', version: added.body.version });
    expect(renamed.status).toBe(200);
    const disabled = await admin.req('PATCH', `/api/v1/dictionaries/item_domain/${added.body.id}`, { enabled: false, version: renamed.body.version });
    expect(disabled.body.enabled).toBe(false);
    const refused = await cx.req('POST', `/api/v1/consultations/${C}/items`, { title: '专利导航二', category: 'joint_pursuit', domain: '知识产权' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('UNKNOWN_DOMAIN');
    // Items already filed under it keep it.
    expect((await cx.req('GET', `/api/v1/items/${item.body.id}`)).body.domain).toBe('知识产权');

    const audit = await env.auditRows('dict_item', added.body.id);
    expect(audit.map((x) => x.action)).toEqual(['dict.create', 'dict.update', 'dict.update']);
  });

  it('is managed by the system administrator only', async () => {
    for (const u of ['city.coord', 'secadmin', 'auditadmin']) {
      const a = await env.login(u);
      expect((await a.req('POST', '/api/v1/dictionaries/item_domain', { value: '越权' })).status, u).toBe(403);
    }
  });
});
