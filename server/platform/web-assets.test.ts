import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type TestEnv } from '../testing/support.js';

// The first load on a county link: built assets go out compressed (the build's .br/.gz copies) and
// are kept by the browser for good, while index.html is asked for again so a release shows at once.

let env: TestEnv;
let dist: string;
const script = Buffer.from(`console.log(${JSON.stringify('会商'.repeat(2000))});\n`);

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dist, 'assets', 'app-Ab12Cd34.js'), script);
  fs.writeFileSync(path.join(dist, 'assets', 'app-Ab12Cd34.js.br'), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(dist, 'assets', 'app-Ab12Cd34.js.gz'), zlib.gzipSync(script));
  env = await createTestEnv({ WEB_DIST: dist });
});
afterAll(async () => {
  await env?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers });

describe(`the built web app (${dialect})`, () => {
  it('sends a hashed asset brotli- or gzip-compressed, as the browser accepts, and cacheable for good', async () => {
    const br = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(script)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(script.length / 10);

    const gz = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).equals(script)).toBe(true);

    const plain = await get('/assets/app-Ab12Cd34.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(script)).toBe(true);
  });

  it('gives a file added after start-up (served through the page fallback) the same caching', async () => {
    fs.writeFileSync(path.join(dist, 'assets', 'late-Zz99Yy88.js'), 'export {};');
    const res = await get('/assets/late-Zz99Yy88.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('asks the browser to check index.html and unhashed files again, and serves the page for client routes', async () => {
    for (const url of ['/', '/consultations/1', '/favicon.svg']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    expect((await get('/consultations/1')).body).toContain('<div id="root">');
  });
});
