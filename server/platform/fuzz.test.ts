import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../testing/support.js';

// Requests generated from the OpenAPI document, for every operation: values that fit the schema,
// values that almost fit (edges, wrong types, extra fields) and junk, sent signed in as users of
// each kind and signed out. Whatever arrives, the answer is never a 5xx. FUZZ_RUNS sets the total
// (10,000 on SQLite by default; a quarter on PostgreSQL, whose suite is the slower one).

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
};
interface Operation {
  method: string;
  path: string;
  params: string[];
  query: Record<string, Schema>;
  body: Schema | null;
}

const TOTAL = Number(process.env.FUZZ_RUNS ?? (dialect === 'postgres' ? 2_500 : 10_000));

const edgeStrings = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e3',
  '0x10',
  'null',
  '%00',
  '../../etc/passwd',
  "' or 1=1 --",
  '<script>x</script>',
  '😀',
  '會商',
  'a'.repeat(5000),
  '2026-02-30',
  '510821',
  '9'.repeat(40),
);
const edgeNumbers = fc.constantFrom(0, -1, 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 0.5, 2100, 1999);
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  edgeNumbers,
  edgeStrings,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** A value for a schema: usually of the right shape, sometimes at its edges, now and then anything. */
function valueOf(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return junk;
  const right = rightValue(s, depth);
  // Junk at the top of a body now and then; deeper down rarely, so that most bodies get past validation.
  return fc.oneof({ weight: depth <= 1 ? 8 : 30, arbitrary: right }, { weight: 1, arbitrary: junk });
}

function rightValue(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => valueOf(a, depth + 1)));
  if (s.allOf?.length) return valueOf(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'integer':
      return fc.oneof(fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 100_000, 2 ** 31 - 1) }), edgeNumbers);
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e9 }), edgeNumbers);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueOf(s.items, depth + 1), { maxLength: 4 });
    case 'object': {
      const props = s.properties ?? {};
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, depth + 1)]));
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case 'string':
    default:
      return fc.oneof(
        fc.string({ maxLength: s.maxLength ? Math.min(s.maxLength + 2, 60) : 30 }),
        edgeStrings,
        fc.constantFrom('2026-12-03', '2025', '2026Q3', 'direct_support', 'in_progress', 'red'),
      );
  }
}

const pathValue = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 40 }).map(String) },
  { weight: 2, arbitrary: edgeStrings },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

function operations(doc: {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        body: json,
      });
    }
  }
  return ops;
}

let env: TestEnv;
let agents: (Agent | null)[];
let ops: Operation[];
beforeAll(async () => {
  env = await createTestEnv();
  agents = [null, await env.login('city.coord'), await env.login('wangcang.coord'), await env.login('wangcang.nyj'), await env.login('sysadmin'), await env.login('auditadmin')];
  const doc = await env.anon('GET', '/api/v1/openapi.json');
  ops = operations(doc.body);
}, 60_000);
afterAll(() => env?.close());

describe(`fuzzing every operation of the OpenAPI document (${dialect})`, () => {
  it(`answers ${TOTAL.toLocaleString('en')} generated requests without a single 5xx`, async () => {
    // Signing out ends the session the rest of the run uses; uploads are multipart, fuzzed by the ledger corpus.
    const fuzzable = ops.filter(
      (o) => o.path !== '/api/v1/auth/logout' && !(o.method === 'POST' && o.body === null && /evidence|photos|ledger-imports$|attachments$|import$/.test(o.path)),
    );
    expect(fuzzable.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let sent = 0;
    const byClass: Record<string, number> = {};
    const request = fc.constantFrom(...fuzzable).chain((op) =>
      fc.record({
        op: fc.constant(op),
        who: fc.integer({ min: 0, max: agents.length - 1 }),
        params: fc.array(pathValue, { minLength: 4, maxLength: 4 }),
        query: valueOf({ type: 'object', properties: op.query }),
        body: op.body ? valueOf(op.body) : fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.context(), async ({ op, who, params, query, body }, ctx) => {
        let url = op.path;
        op.params.forEach((name, i) => (url = url.replace(`{${name}}`, encodeURIComponent(params[i]))));
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries((query as Record<string, unknown> | null) ?? {})) if (v !== undefined) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        if ([...qs].length) url += `?${qs}`;
        const agent = agents[who];
        const res = agent ? await agent.req(op.method as never, url, body) : await env.anon(op.method as never, url, body);
        sent++;
        const cls = `${String(res.status)[0]}xx`;
        byClass[cls] = (byClass[cls] ?? 0) + 1;
        ctx.log(`${op.method} ${url} → ${res.status}`);
        if (res.status >= 500) failures.push(`${op.method} ${url} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        return res.status < 500;
      }),
      { numRuns: TOTAL, endOnFailure: true },
    );
    expect(failures).toEqual([]);
    expect(sent).toBe(TOTAL);
    // A fuzzer refused at the door tests only the door: a good share must get through to the handlers.
    // (Most 4xx are scope answers: random ids and six kinds of caller, one of them signed out.)
    expect(byClass['2xx'] ?? 0, JSON.stringify(byClass)).toBeGreaterThan(TOTAL * 0.05);
    expect(byClass['4xx'] ?? 0, JSON.stringify(byClass)).toBeGreaterThan(TOTAL * 0.1);
  }, 900_000);
});
