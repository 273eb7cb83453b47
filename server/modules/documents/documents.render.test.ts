// Opening the generated Word files in an office suite: LibreOffice converts each to PDF. Seconds of
// office start-up, and what it checks is the file, not the database: the docs-render project runs it
// once, on SQLite, beside the other projects (vitest.config.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { documentsScenario, fetchDocument, type DocumentsScenario } from './documents.testkit.js';

let env: TestEnv;
let city: Agent;
let scenario: DocumentsScenario;

const base = '/api/v1';
const bulletin = (period: string) => `${base}/consultations/${env.consultations.wangcang}/bulletin.docx?period=${period}`;
const summary = (year: number) => `${base}/consultations/${env.consultations.wangcang}/summary.docx?year=${year}`;
const minutes = () => `${base}/meetings/${scenario.meetingId}/minutes.docx`;
const notice = (id: number) => `${base}/supervision-notices/${id}/document.docx`;
const download = (agent: Agent, url: string) => fetchDocument(env, agent, url);

beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  scenario = await documentsScenario(env, city);
});
afterAll(() => env?.close());

describe(`documents: the files open in an office suite (${dialect})`, () => {
  const office = ['libreoffice', 'soffice'].find((bin) => {
    try {
      execFileSync('which', [bin], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!office) {
    // eslint-disable-next-line no-console -- a skipped check must be seen in the run's output
    console.warn('\n*** documents.render.test.ts: neither libreoffice nor soffice is installed — the open-in-office check is SKIPPED; only the XML checks ran. ***\n');
  }
  it.skipIf(!office)(
    'converts all four documents to PDF',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-docx-'));
      try {
        const urls = [bulletin('2026Q3'), summary(2026), minutes(), notice(scenario.signedNotice)];
        for (const [n, url] of urls.entries()) {
          const r = await download(city, url);
          expect(r.status, url).toBe(200);
          fs.writeFileSync(path.join(dir, `doc${n}.docx`), r.raw);
        }
        execFileSync(office!, ['--headless', '--convert-to', 'pdf', '--outdir', dir, ...urls.map((_, n) => path.join(dir, `doc${n}.docx`))], { timeout: 120_000 });
        for (const n of urls.keys()) {
          const pdf = fs.readFileSync(path.join(dir, `doc${n}.pdf`));
          expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
