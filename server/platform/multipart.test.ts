import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../testing/support.js';

let env: TestEnv;
let city: Agent;
let nyj: Agent;
let consultationId: number;
let itemId: number;

// The county's demo item led by 旺苍县农业农村局: its reporter may upload evidence and comment files.
const MICANG = '推动建设米仓山茶产业技术创新联盟';

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  nyj = await env.login('wangcang.nyj');
  const consultations = (await city.req('GET', '/api/v1/consultations')).body.data as { id: number; title: string }[];
  consultationId = consultations.find((c) => c.title.includes('旺苍'))!.id;
  const items = (await nyj.req('GET', `/api/v1/consultations/${consultationId}/items?limit=200`)).body.data as { id: number; title: string }[];
  itemId = items.find((i) => i.title === MICANG)!.id;
});
afterAll(() => env?.close());

const PART = '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc\r\n--XYZ--\r\n';
const BROKEN: [string, string][] = [
  ['no boundary', 'multipart/form-data'],
  ['a boundary the body does not use', 'multipart/form-data; boundary=OTHER'],
  ['an empty boundary', 'multipart/form-data; boundary='],
];

describe('a multipart body the parser cannot split', () => {
  const routes = () =>
    [
      [nyj, `/api/v1/items/${itemId}/report-evidence`],
      [nyj, `/api/v1/items/${itemId}/comments`],
      [city, `/api/v1/consultations/${consultationId}/ledger-imports`],
    ] as const;

  it.each(BROKEN)('with %s is a 400 with the error envelope on every upload route tried', async (_, contentType) => {
    for (const [agent, url] of routes()) {
      const r = await agent.req('POST', url, PART, { 'content-type': contentType });
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, url).toBeLessThan(500);
      expect(r.body.error?.code, url).toBeTruthy();
    }
  });

  it('says what is wrong when the boundary is missing', async () => {
    const r = await nyj.req('POST', `/api/v1/items/${itemId}/report-evidence`, PART, { 'content-type': 'multipart/form-data' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('boundary');
  });
});
