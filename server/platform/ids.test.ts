import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../testing/support.js';

let env: TestEnv;
let city: Agent;
let itemId: number;

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  const consultations = (await city.req('GET', '/api/v1/consultations')).body.data as { id: number }[];
  const items = (await city.req('GET', `/api/v1/consultations/${consultations[0]!.id}/items?limit=1`)).body.data as { id: number }[];
  itemId = items[0]!.id;
});
afterAll(() => env?.close());

describe('ids and numbers in paths and queries', () => {
  it('reads an item by its decimal id', async () => {
    expect((await city.req('GET', `/api/v1/items/${itemId}`)).status).toBe(200);
  });

  // Number() reads hex, exponents, leading zeros and padding; an address must name one row one way.
  it.each(['0x{hex}', '0{id}', '{id}.0', '{id}e0', '%20{id}', '+{id}', '0b1', 'Infinity'])('refuses /items/%s with a 400', async (form) => {
    const raw = form.replace('{hex}', itemId.toString(16)).replace('{id}', String(itemId));
    const r = await city.req('GET', `/api/v1/items/${raw}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a page size written other than in decimal digits', async () => {
    expect((await city.req('GET', '/api/v1/consultations?limit=10')).status).toBe(200);
    for (const limit of ['1e1', '0x0a', '010', '10.0']) {
      expect((await city.req('GET', `/api/v1/consultations?limit=${limit}`)).status, limit).toBe(400);
    }
  });
});
