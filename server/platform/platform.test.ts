import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../testing/support.js';

let env: TestEnv;
let coord: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  coord = await env.login('wangcang.coord');
});
afterAll(() => env?.close());

describe(`platform (${dialect})`, () => {
  it('reports health with the database in use', async () => {
    const r = await env.anon('GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: dialect });
  });

  it('publishes OpenAPI generated from the schemas, and a docs page', async () => {
    const r = await env.anon('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const item = r.body.paths['/api/v1/items/{id}'];
    expect(item.patch).toBeTruthy();
    const body = item.patch.requestBody.content['application/json'].schema;
    expect(body.properties.title.maxLength).toBe(200);
    expect(body.properties.category.enum).toEqual(['direct_support', 'joint_promotion', 'joint_pursuit']);
    const docs = await env.anon('GET', '/api/docs/');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger');
  });

  it('answers malformed JSON with 400 and names the body', async () => {
    const r = await coord.req('PATCH', `/api/v1/items/1`, '{"title": ', {});
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details[0].field).toBe('body');
  });

  it('rejects unknown fields, wrong types and over-long strings, naming the field', async () => {
    const unknown = await coord.req('PATCH', '/api/v1/items/1', { version: 1, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toContain('body.colour');

    const wrongType = await coord.req('PATCH', '/api/v1/items/1', { version: 1, progress: 'half' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].field).toBe('body.progress');

    const tooLong = await coord.req('PATCH', '/api/v1/items/1', { version: 1, title: '长'.repeat(201) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].field).toBe('body.title');
    expect(tooLong.body.error.message).toContain('body.title');
  });

  it('rejects bad ids and bad cursors with 400', async () => {
    for (const id of ['abc', '-1', '0', '1.5', '99999999999']) {
      const r = await coord.req('GET', `/api/v1/items/${id}`);
      expect(r.status, id).toBe(400);
      expect(r.body.error.details[0].field).toBe('params.id');
    }
    const bad = await coord.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_CURSOR');
    const badLimit = await coord.req('GET', `/api/v1/consultations/${env.consultations.wangcang}/items?limit=100000`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.details[0].field).toBe('query.limit');
  });

  it('answers 401 without a session and 403 without the CSRF header', async () => {
    const r = await env.anon('GET', '/api/v1/consultations');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
    const noCsrf = await env.anon('PATCH', '/api/v1/items/1', { version: 1, responsible: 'x' }, { cookie: coord.cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_INVALID');
    const wrongCsrf = await env.anon('PATCH', '/api/v1/items/1', { version: 1, responsible: 'x' }, { cookie: coord.cookie, 'x-csrf-token': 'nope' });
    expect(wrongCsrf.status).toBe(403);
    const item = await coord.req('GET', '/api/v1/items/1');
    expect(item.body.responsible).toBe('');
  });

  it('answers unknown API paths with the error envelope', async () => {
    const r = await coord.req('GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('sets security headers', async () => {
    const r = await env.anon('GET', '/api/v1/health');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});
