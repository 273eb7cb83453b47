// Opening the generated files the way a clerk does: LibreOffice prints all four documents to PDF
// in one run, and the tests measure on the paper what GB/T 9704-2012 asks (positions
// in millimetres from the page's top left corner). Seconds of office start-up, and what it checks
// is the file, not the database: the docs-render project runs it once, on SQLite (vitest.config.ts).
// HS_DOCS_KEEP=1 keeps the PDFs and the page images (one PNG per page and a sheet per file) and
// prints where, for a person to look at them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { redHeader } from './documents.header.js';
import { GB, para, renderDocx, title } from './documents.layout.js';
import { contactSheet, convertToPdf, inkBox, lineWith, office, pagesToPng, readPdf, rulesOf, textFonts, type PdfPage } from './documents.office.testkit.js';
import { documentsScenario, fetchDocument } from './documents.testkit.js';

let env: TestEnv;
let city: Agent;
let dir: string;
const pdfs: Record<string, string> = {};
const pages: Record<string, PdfPage[]> = {};

const base = '/api/v1';
const LINE = GB.textHeight / GB.lines;
const CHAR = GB.textWidth / GB.chars;
const TOP = GB.margin.top;
const LEFT = GB.margin.left;
const RIGHT = GB.page.width - GB.margin.right;
const BOTTOM = GB.page.height - GB.margin.bottom;

if (!office) {
  // eslint-disable-next-line no-console -- a skipped check must be seen in the run's output
  console.warn('\n*** documents.render.test.ts: neither soffice nor libreoffice is installed — the print checks are SKIPPED; only the XML checks ran. ***\n');
}

beforeAll(async () => {
  if (!office) return;
  env = await createTestEnv();
  city = await env.login('city.coord');
  const scenario = await documentsScenario(env, city);
  const w = env.consultations.wangcang;
  const urls: Record<string, string> = {
    notice: `${base}/supervision-notices/${scenario.signedNotice}/document.docx`,
    minutes: `${base}/meetings/${scenario.meetingId}/minutes.docx`,
    bulletin: `${base}/consultations/${w}/bulletin.docx?period=2026Q3`,
    summary: `${base}/consultations/${w}/summary.docx?year=2026`,
  };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-docs-'));
  const files: string[] = [];
  for (const [name, url] of Object.entries(urls)) {
    const r = await fetchDocument(env, city, url);
    expect(r.status, url).toBe(200);
    const file = path.join(dir, `${name}.docx`);
    fs.writeFileSync(file, r.raw);
    files.push(file);
  }
  // None of the four goes up to a superior organ; an upward document (上行文) is the one genre with a 签发人.
  const upward = path.join(dir, 'upward.docx');
  fs.writeFileSync(
    upward,
    await renderDocx({
      title: '请示',
      creator: '广元市科学技术局',
      sections: [
        {
          children: [
            ...redHeader({ mark: '广元市科学技术局文件', number: '广科〔2026〕12号', upward: { signer: '张明' } }),
            ...title('关于局县科技会商经费的请示'),
            para('现将有关情况请示如下。'),
          ],
        },
      ],
    }),
  );
  files.push(upward);
  // One office start for all the files.
  const out = convertToPdf(dir, files);
  [...Object.keys(urls), 'upward'].forEach((name, n) => {
    pdfs[name] = out[n];
    pages[name] = readPdf(out[n]);
  });
  if (process.env.HS_DOCS_KEEP) {
    for (const pdf of out) {
      pagesToPng(pdf, 80);
      contactSheet(pdf, 6, 40);
    }
    // eslint-disable-next-line no-console -- where to look
    console.log(`documents.render.test.ts: PDFs and page images in ${dir}`);
  }
}, 180_000);
afterAll(async () => {
  await env?.close();
  if (dir && !process.env.HS_DOCS_KEEP) fs.rmSync(dir, { recursive: true, force: true });
});

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  expect(Math.abs(actual - expected), `${what}: ${actual.toFixed(2)} mm, expected ${expected.toFixed(2)} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);

describe.skipIf(!office)(`documents printed by an office suite (${dialect})`, () => {
  it('prints every file as A4 PDF pages', () => {
    for (const [name, p] of Object.entries(pages)) {
      expect(fs.readFileSync(pdfs[name]).subarray(0, 5).toString()).toBe('%PDF-');
      expect(p.length, name).toBeGreaterThan(0);
    }
    for (const name of ['notice', 'minutes', 'bulletin', 'summary']) {
      const first = pages[name][0];
      near(first.width, 210, 0.5, `${name} page width`);
      near(first.height, 297, 0.5, `${name} page height`);
    }
  });

  it.each(['notice', 'minutes'])('%s: 版头 — the red mark 35 mm below the 版心, two lines to the number, the red rule 4 mm under it, two lines to the title', (name) => {
    const pdf = pdfs[name];
    const mark = inkBox(pdf, 1, 'red', 0, 100)!;
    near(mark.top - TOP, GB.markTop, 1, 'mark below the top margin line');
    near((mark.left + mark.right) / 2, (LEFT + RIGHT) / 2, 1.5, 'mark centred');
    const rule = rulesOf(pdf, 1).find((r) => r.colour === 'red')!;
    near(rule.x0, LEFT, 0.5, 'red rule starts at the left margin');
    near(rule.x1, RIGHT, 0.5, 'red rule ends at the right margin');
    const number = inkBox(pdf, 1, 'black', mark.bottom, rule.y0)!;
    // 空二行: two empty lines between the mark's foot and the number's head, plus the number line's own leading.
    const gap = (number.top - mark.bottom) / LINE;
    expect(gap, `mark → number ${gap.toFixed(2)} lines`).toBeGreaterThanOrEqual(GB.markToNumberLines);
    expect(gap).toBeLessThan(GB.markToNumberLines + 0.6);
    near(rule.y0 - number.bottom, GB.ruleBelowNumber, 0.8, 'red rule below the number');
    const title = inkBox(pdf, 1, 'black', rule.y1, rule.y1 + 40)!;
    const toTitle = (title.top - rule.y1) / LINE;
    expect(toTitle, `rule → title ${toTitle.toFixed(2)} lines`).toBeGreaterThanOrEqual(GB.ruleToTitleLines);
    expect(toTitle).toBeLessThan(GB.ruleToTitleLines + 0.6);
  });

  it.each([
    ['notice', 3],
    ['minutes', 2],
    ['bulletin', 2],
    ['summary', 2],
  ] as const)('%s: 版记 across the 版心 at the foot of the last page, its last rule on the 版心’s bottom edge', (name, rules) => {
    const last = pages[name].length;
    const found = rulesOf(pdfs[name], last, 150).filter((r) => r.colour === 'black' && r.y0 > BOTTOM - 4 * LINE);
    expect(found, JSON.stringify(found)).toHaveLength(rules);
    for (const r of found) {
      near(r.x0, LEFT, 0.5, '版记 rule starts at the left margin');
      near(r.x1, RIGHT, 0.5, '版记 rule ends at the right margin');
    }
    near(found[found.length - 1].y1, BOTTOM, 0.6, 'last rule on the 版心 bottom edge');
    const issued = lineWith([pages[name][last - 1]], '印发');
    expect(issued.y0).toBeGreaterThan(found[found.length - 2].y1);
  });

  it('签发人 only on an upward document: the number one character in from the left, the signer one in from the right, above the red rule', () => {
    for (const name of ['notice', 'minutes', 'bulletin', 'summary']) expect(pages[name].map((p) => p.text).join('\n'), name).not.toContain('签发人');
    const line = lineWith(pages.upward, '签发人：张明');
    const number = lineWith(pages.upward, '广科〔2026〕12号');
    expect([line.page, number.page]).toEqual([1, 1]);
    near(number.y0, line.y0, 0.3, 'number and 签发人 on one line');
    near(number.x0, LEFT + CHAR, 1, 'number one character in from the left');
    near(line.x1, RIGHT - CHAR, 1, 'signer one character in from the right');
    const rule = rulesOf(pdfs.upward, 1).find((r) => r.colour === 'red')!;
    const ink = inkBox(pdfs.upward, 1, 'black', line.y0 - 1, rule.y0)!;
    near(rule.y0 - ink.bottom, GB.ruleBelowNumber, 0.8, 'red rule below the 签发人 line');
    // The signer's name in 楷体 (the stand-in: bold sans), the label in the body's 仿宋.
    const fonts = textFonts(pdfs.upward).filter((f) => /签发人|张明/.test(f.text));
    expect(fonts.some((f) => f.text.includes('张明') && /Sans/.test(f.family) && f.bold)).toBe(true);
  });

  it.each(['notice', 'bulletin', 'summary'])('%s: signature two characters in from the right, the date two characters right of the organ', (name) => {
    const p = pages[name];
    const lines = p.flatMap((pg) => pg.lines.map((l) => ({ ...l, page: pg.number })));
    const i = lines.findIndex((l, n) => l.text.replace(/\s/g, '') === '广元市科学技术局' && /^\d{4}年\d+月\d+日$/.test(lines[n + 1]?.text.replace(/\s/g, '') ?? ''));
    expect(i).toBeGreaterThan(0);
    const [organ, date] = [lines[i], lines[i + 1]];
    near(date.y0 - organ.y0, LINE, 0.3, 'date on the next line');
    near(date.x0 - organ.x0, GB.dateShiftChars * CHAR, 1, 'date shifted two characters');
    // The longer of the two keeps two characters from the right (the stand-in's digits are a little wider).
    near(RIGHT - Math.max(organ.x1, date.x1), GB.signatureRightChars * CHAR, 2.5, 'right inset');
  });

  it.each(['minutes', 'bulletin'])('%s: landscape pages keep the page number where the portrait pages have it, turned with the sheet', (name) => {
    const ps = pages[name];
    // On a portrait page: "— N —" in one line, its top 7 mm (and the face's ascent) below the 版心.
    const portrait = ps.filter((p) => p.height > p.width).map((p) => p.lines.find((l) => l.text.replace(/\s/g, '') === `—${p.number}—`)!);
    expect(portrait.every(Boolean), 'a number on every portrait page').toBe(true);
    const below = portrait[0].y0 - BOTTOM;
    for (const l of portrait) near(l.y0 - BOTTOM, below, 0.2, 'portrait number below the 版心');
    const landscape = ps.filter((p) => p.width > p.height);
    expect(landscape.length, `${name}: landscape pages`).toBeGreaterThan(1);
    for (const p of landscape) {
      // The sheet's foot is the landscape page's left margin (the table's head is on the sheet's left edge).
      const words = p.lines.flatMap((l) => l.words).filter((w) => w.x1 < GB.margin.bottom);
      expect(words.map((w) => w.text).join(''), `page ${p.number}`).toBe(`—${p.number}—`);
      const x1 = Math.max(...words.map((w) => w.x1));
      near(GB.margin.bottom - x1, below, 0.3, `page ${p.number}: number below the 版心 as on the portrait pages`);
      // Turned with the sheet: its words stand one under the other, down the page.
      expect(new Set(words.map((w) => w.x0.toFixed(1))).size).toBe(1);
      expect(words.every((w, n) => n === 0 || w.y0 > words[n - 1].y1)).toBe(true);
      const [top, bottom] = [Math.min(...words.map((w) => w.y0)), Math.max(...words.map((w) => w.y1))];
      // Odd pages on the right of the sheet (the page's lower side), even pages on its left; one character in.
      if (p.number % 2) near(bottom, LEFT + GB.textWidth - CHAR, 0.6, `page ${p.number}: odd number's end`);
      else near(top, LEFT + CHAR, 0.6, `page ${p.number}: even number's start`);
      // Nothing left at the landscape page's own foot.
      expect(p.lines.filter((l) => l.y0 > p.height - GB.margin.right).map((l) => l.text)).toEqual([]);
    }
  });

  it('heading levels: 一、 in 黑体, （一） in 楷体, 1. in bold 仿宋', () => {
    const fonts = [...textFonts(pdfs.summary), ...textFonts(pdfs.minutes)];
    const faceOf = (re: RegExp) => fonts.filter((f) => re.test(f.text.trim()));
    const body = faceOf(/^会商清单共有事项/);
    // Stand-ins (documents.office.testkit.ts): 黑体 the sans, 楷体 the bold sans, 仿宋 the serif.
    const first = faceOf(/^[一二三四]、/);
    expect(first.length).toBeGreaterThan(0);
    for (const f of first) expect([f.family.replace(/^\w+\+/, ''), f.bold], f.text).toEqual([expect.stringMatching(/Sans/), false]);
    const second = faceOf(/^（[一二三]）/);
    expect(second.length).toBeGreaterThan(0);
    for (const f of second) expect([f.family.replace(/^\w+\+/, ''), f.bold], f.text).toEqual([expect.stringMatching(/Sans/), true]);
    const third = faceOf(/^\d+\.[\u4e00-\u9fff]/);
    expect(third.length).toBeGreaterThan(0);
    for (const f of third) expect([f.family.replace(/^\w+\+/, ''), f.bold], f.text).toEqual([expect.stringMatching(/Serif/), true]);
    expect(body.length).toBeGreaterThan(0);
    for (const f of body) expect([f.family.replace(/^\w+\+/, ''), f.bold]).toEqual([expect.stringMatching(/Serif/), false]);
  });

  it('titles break between words, and dates are written in Chinese', () => {
    const t = (name: string) => pages[name][0].lines.filter((l) => l.y1 - l.y0 > 9).map((l) => l.text.replace(/\s/g, ''));
    expect(t('bulletin').slice(0, 2)).toEqual(['广元市科学技术局旺苍县人民政府', '局县科技会商2026年第三季度推进情况通报']);
    expect(t('minutes').slice(1, 3)).toEqual(['广元市科学技术局旺苍县人民政府', '局县科技会商会议纪要']);
    expect(t('notice').slice(1)).toEqual(['关于督促推进', '“支持企业申报国家高新技术企业，', '开展‘一对一’辅导”的督办单']);
    for (const name of ['notice', 'minutes', 'bulletin', 'summary']) expect(pages[name].map((p) => p.text).join('\n')).not.toMatch(/\d{4}-\d{1,2}-\d{1,2}/);
  });

  it('序号 fits its column, and attachments open a page of their own with 附件 on the first line (the bulletin’s landscape)', () => {
    for (const name of ['minutes', 'bulletin']) {
      const all = pages[name].flatMap((p) => p.lines);
      expect(
        all.some((l) => l.words.some((w) => w.text === '序号')),
        name,
      ).toBe(true);
      expect(
        all.some((l) => l.text === '序'),
        `${name}: 序号 broken`,
      ).toBe(false);
      const at = pages[name].find((p) => p.lines[0]?.text === '附件')!;
      expect(at, `${name}: 附件 page`).toBeDefined();
      expect(at.width).toBeGreaterThan(at.height);
      // The landscape 版心: its head on the binding side, 附件 flush left on the first line.
      near(at.lines[0].x0, GB.margin.bottom, 0.5, '附件 flush left');
      expect(at.lines[0].y0 - GB.margin.left).toBeLessThan(LINE);
    }
  });
});
