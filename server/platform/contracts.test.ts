import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSpec } from '../../domain/contract.js';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';

const domainDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../domain');

/**
 * Every contract the web may call: each `domain/<area>.endpoints.ts` exports its endpoints in groups
 * named `<area>Endpoints` (other exports, a schema only the contract uses, are not endpoints).
 */
async function allContracts(): Promise<{ name: string; endpoint: EndpointSpec }[]> {
  const files = fs.readdirSync(domainDir).filter((f) => f.endsWith('.endpoints.ts'));
  const out: { name: string; endpoint: EndpointSpec }[] = [];
  for (const file of files) {
    const mod = (await import(path.join(domainDir, file))) as Record<string, unknown>;
    const groups = Object.entries(mod).filter(([k]) => k.endsWith('Endpoints')) as [string, Record<string, EndpointSpec>][];
    if (groups.length === 0) throw new Error(`${file} exports no <area>Endpoints group`);
    for (const [group, endpoints] of groups) {
      for (const [name, endpoint] of Object.entries(endpoints)) out.push({ name: `${file} ${group}.${name}`, endpoint });
    }
  }
  return out;
}

let env: TestEnv;
let contracts: { name: string; endpoint: EndpointSpec }[];

beforeAll(async () => {
  env = await createTestEnv();
  contracts = await allContracts();
});
afterAll(() => env?.close());

describe(`endpoint contracts (${dialect})`, () => {
  it('are each served by a route, so the web never calls a contract the server forgot', () => {
    expect(contracts.length).toBeGreaterThan(0);
    const missing = contracts.filter(({ endpoint: e }) => !env.app.hasRoute({ method: e.method, url: `/api/v1${e.path}` })).map((c) => c.name);
    expect(missing).toEqual([]);
  });

  it('are each in the OpenAPI document with their answer', async () => {
    const doc = (await env.anon('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const undocumented = contracts
      .filter(({ endpoint: e }) => {
        const op = doc.paths[`/api/v1${e.path.replace(/:(\w+)/g, '{$1}')}`]?.[e.method.toLowerCase()];
        return !op?.responses?.[String(e.status ?? 200)];
      })
      .map((c) => c.name);
    expect(undocumented).toEqual([]);
  });
});
