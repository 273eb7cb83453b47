import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../testing/support.js';

// A request that may not be made learns nothing from the validation of its input: who may ask is
// settled first (401, 403), then what exists (404), and only then what was asked (400, 422).

let env: TestEnv;
let sys: Agent;
let coord: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  sys = await env.login('sysadmin');
  coord = await env.login('city.coord');
});
afterAll(() => env?.close());

const badRobot = { wecomUrl: 'https://evil.example.com/hook', dingtalkUrl: null, version: 0 };

describe(`permission before validation (${dialect})`, () => {
  it('the group-robot route tells its allow-list only to the organisation’s administrator', async () => {
    const org = env.orgs['wangcang.gov'];
    const anon = await env.anon('PUT', `/api/v1/organisations/${org}/webhooks`, { wecomUrl: 'not a url', version: 'x' });
    expect(anon.status).toBe(401);
    const byCoord = await coord.req('PUT', `/api/v1/organisations/${org}/webhooks`, badRobot);
    expect(byCoord.status).toBe(403);
    expect(JSON.stringify(byCoord.body)).not.toMatch(/qyapi|dingtalk\.com|主机/);
    const malformed = await coord.req('PUT', `/api/v1/organisations/${org}/webhooks`, { wecomUrl: 12 });
    expect(malformed.status).toBe(403);
    const byAdmin = await sys.req('PUT', `/api/v1/organisations/${org}/webhooks`, badRobot);
    expect(byAdmin.status).toBe(422);
    expect(byAdmin.body.error.message).toContain('qyapi.weixin.qq.com');
  });

  it('a non-existent organisation is 404, whatever the body', async () => {
    for (const body of [badRobot, { wecomUrl: null, dingtalkUrl: null, version: 0 }]) {
      const r = await sys.req('PUT', '/api/v1/organisations/999999/webhooks', body);
      expect(r.status).toBe(404);
    }
    expect((await sys.req('GET', '/api/v1/organisations/999999/webhooks')).status).toBe(404);
    expect((await sys.req('POST', '/api/v1/organisations/999999/webhooks/test', { kind: 'wecom' })).status).toBe(404);
  });

  it('account routes answer 401 and 403 before they look at the body', async () => {
    const junk = { username: 'Bad Name', password: 1 };
    expect((await env.anon('POST', '/api/v1/users', junk)).status).toBe(401);
    const denied = await coord.req('POST', '/api/v1/users', junk);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect((await coord.req('PUT', `/api/v1/users/${env.users['city.leader']}/roles`, { roles: 'x' })).status).toBe(403);
    expect((await coord.req('GET', '/api/v1/audit-log?limit=abc')).status).toBe(403);
    // The one allowed to ask gets the validation answer.
    expect((await sys.req('POST', '/api/v1/users', junk)).status).toBe(400);
  });
});
