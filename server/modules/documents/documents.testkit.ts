// Reading generated Word packages back in tests: the body's paragraphs, styles, fonts and footers.
import JSZip from 'jszip';
import { expect } from 'vitest';
import { CHAR, GB, LINE_PITCH, MARGIN, PAGE, SIZE, TEXT_WIDTH, mm, widthInChars } from './documents.layout.js';
import { CATEGORIES } from '../../../domain/items.js';
import { CATEGORY_SECTION_LABEL } from '../../../domain/labels.js';
import type { Agent, TestEnv } from '../../testing/support.js';
import { blindIndex, sealField } from '../../platform/field-crypto.js';

export interface Docx {
  raw: Buffer;
  document: string;
  styles: string;
  settings: string;
  fontTable: string;
  footers: string[];
  /** The text of each paragraph of the body, in order. */
  paragraphs: string[];
  text: string;
}

export async function fetchDocument(env: TestEnv, agent: Agent, url: string): Promise<{ status: number; headers: Record<string, unknown>; raw: Buffer; body: any }> {
  const res = await env.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });
  const json = String(res.headers['content-type'] ?? '').includes('json') ? JSON.parse(res.body) : null;
  return { status: res.statusCode, headers: res.headers as Record<string, unknown>, raw: res.rawPayload, body: json };
}

/** A paragraph's text; a line break inside it (a title's lines) reads as a newline. */
const textOf = (p: string) => [...p.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => (t[0] === '<w:br/>' ? '\n' : unescape(t[1]))).join('');
function paragraphsOf(xml: string): string[] {
  return paragraphXml(xml).map((p) => p.text);
}
/** Every paragraph of the body (those in table cells too), with its XML. */
export function paragraphXml(xml: string): { xml: string; text: string }[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({ xml: m[0], text: textOf(m[0]) }));
}
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export async function openDocx(env: TestEnv, agent: Agent, url: string): Promise<Docx> {
  const r = await fetchDocument(env, agent, url);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]+\.docx"; filename\*=UTF-8''[^']+\.docx$/);
  const zip = await JSZip.loadAsync(r.raw);
  const read = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`missing ${name}`);
    return f.async('string');
  };
  const rels = await read('word/_rels/document.xml.rels');
  const footerFiles = [...rels.matchAll(/Target="(footer\d+\.xml)"/g)].map((m) => `word/${m[1]}`);
  const document = await read('word/document.xml');
  const paragraphs = paragraphsOf(document);
  return {
    raw: r.raw,
    document,
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    fontTable: await read('word/fontTable.xml'),
    footers: await Promise.all(footerFiles.map(read)),
    paragraphs,
    text: paragraphs.join('\n'),
  };
}

export const attr = (xml: string, el: string, name: string) => {
  const m = new RegExp(`<${el}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml);
  return m ? m[1] : null;
};
const mmOf = (twips: number) => (twips * 25.4) / 1440;

/** The GB/T 9704-2012 page, grid, fonts and page numbers, read back from the package's XML. */
export function expectGbLayout(d: Docx) {
  // A4, margins 37/35/28/26 mm (to the nearest twip).
  expect(Number(attr(d.document, 'w:pgSz', 'w:w'))).toBe(11906);
  expect(Number(attr(d.document, 'w:pgSz', 'w:h'))).toBe(16838);
  const margin = (n: string) => mmOf(Number(attr(d.document, 'w:pgMar', `w:${n}`)));
  expect(margin('top')).toBeCloseTo(37, 1);
  expect(margin('bottom')).toBeCloseTo(35, 1);
  expect(margin('left')).toBeCloseTo(28, 1);
  expect(margin('right')).toBeCloseTo(26, 1);

  // 22 lines of 28 characters: the line grid's pitch fits 22 lines (not 23) in the 225 mm 版心 ...
  expect(attr(d.document, 'w:docGrid', 'w:type')).toBe('lines');
  const pitch = Number(attr(d.document, 'w:docGrid', 'w:linePitch'));
  const textHeight = 16838 - 2098 - 1984;
  expect(Math.floor(textHeight / pitch)).toBe(22);
  expect(pitch / 20).toBeCloseTo(28.95, 1);
  // ... and 16 pt characters tightened by the default character spacing fit 28 (not 29) to the 156 mm line,
  const textWidthPt = (11906 - 1587 - 1474) / 20;
  const defaultsRun = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(d.styles)![1];
  const advancePt = 16 + Number(attr(defaultsRun, 'w:spacing', 'w:val')) / 20;
  expect(Math.floor(textWidthPt / advancePt)).toBe(28);
  // as the Normal style says too (LibreOffice reads that one) ...
  const normal = /<w:style w:type="paragraph" w:styleId="Normal"[\s\S]*?<\/w:style>/.exec(d.styles)![0];
  expect(attr(normal, 'w:spacing', 'w:val')).toBe(attr(defaultsRun, 'w:spacing', 'w:val'));
  expect(attr(normal, 'w:sz', 'w:val')).toBe('32');
  // ... and so would Word's character grid, were it switched on: 16 pt + charSpace/4096 pt a character.
  const charPitchPt = 16 + Number(attr(d.document, 'w:docGrid', 'w:charSpace')) / 4096;
  expect(Math.floor(textWidthPt / charPitchPt)).toBe(28);
  // Body text lines are exactly the grid pitch.
  expect(d.styles).toMatch(new RegExp(`<w:pPrDefault><w:pPr><w:spacing [^>]*w:line="${pitch}" w:lineRule="exact"`));

  // Body: 3号 (16 pt) 仿宋_GB2312 by default; title runs 2号 (22 pt) 方正小标宋简体.
  const defaults = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(d.styles)![1];
  expect(attr(defaults, 'w:rFonts', 'w:eastAsia')).toBe('仿宋_GB2312');
  expect(attr(defaults, 'w:sz', 'w:val')).toBe('32');
  expect(d.document).toMatch(/<w:rFonts w:ascii="方正小标宋简体"[^>]*w:eastAsia="方正小标宋简体"[^>]*\/><w:sz w:val="44"\/>/);
  // The fallbacks live in the font table as alternative names.
  expect(d.fontTable).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
  expect(d.fontTable).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);

  // Page numbers: "— N —" in 4号 (14 pt) 宋体; odd pages right, even pages left.
  expect(d.settings).toMatch(/<w:evenAndOddHeaders\/>|<w:evenAndOddHeaders w:val="(true|1)"\/>/);
  expect(d.document).toMatch(/<w:footerReference w:type="default"/);
  expect(d.document).toMatch(/<w:footerReference w:type="even"/);
  // Two footers (odd and even) for each section: portrait text, a landscape attachment, the 版记 page.
  const sections = (d.document.match(/<w:sectPr\b/g) ?? []).length;
  expect(d.footers).toHaveLength(2 * sections);
  const aligns = d.footers.map((f) => attr(f, 'w:jc', 'w:val'));
  expect(aligns.filter((a) => a === 'left')).toHaveLength(sections);
  expect(aligns.filter((a) => a === 'right')).toHaveLength(sections);
  for (const f of d.footers) {
    expect(f).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*<w:instrText xml:space="preserve">PAGE<\/w:instrText>[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
    expect(attr(f, 'w:sz', 'w:val')).toBe('28');
    expect(attr(f, 'w:rFonts', 'w:eastAsia')).toBe('宋体');
  }
}

export function sectionCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of CATEGORIES) {
    const m = new RegExp(`[一二三]、${CATEGORY_SECTION_LABEL[c]}（(\\d+)项）`).exec(text);
    if (m) out[c] = Number(m[1]);
  }
  return out;
}

export interface DocumentsScenario {
  items: { id: number; title: string; category: string; lead_unit_id: number | null }[];
  redIds: number[];
  meetingId: number;
  signedNotice: number;
  draftNotice: number;
}

/**
 * The documents tests' own supervision picture of the 旺苍 demo consultation: adopted in March,
 * three 2026Q3 reports (on time, late, returned), two red items, one closed, a meeting with minutes,
 * a signed notice and one awaiting signature. `city` is the host coordinator, who records the meeting.
 */
export async function documentsScenario(env: TestEnv, city: Agent): Promise<DocumentsScenario> {
  const base = '/api/v1';
  const wangcang = env.consultations.wangcang;
  async function insertReport(itemId: number, period: string, status: string, firstSubmittedAt: string, percent: number, progressHtml: string) {
    const author = env.users['wangcang.nyj'];
    await env.db
      .insertInto('progress_reports')
      .values({
        item_id: itemId,
        period,
        status,
        round: 1,
        progress_html: progressHtml,
        percent,
        problems: '',
        next_steps: '',
        author_id: author,
        author_org_id: env.orgs['wangcang.nyj'],
        submitted_at: firstSubmittedAt,
        first_submitted_at: firstSubmittedAt,
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        version: 1,
        created_at: firstSubmittedAt,
        updated_at: firstSubmittedAt,
      })
      .execute();
  }

  async function insertNotice(itemId: number, signed: { year: number; seq: number; at: string } | null) {
    const row = await env.db
      .insertInto('supervision_notices')
      .values({
        item_id: itemId,
        host_org_id: env.orgs.bureau,
        status: signed ? 'signed' : 'awaiting_signature',
        reason: '第三季度进展报告逾期未报，\n事项进度明显滞后。',
        requirements: '请于收到本督办单后十日内报送整改措施。\n请主要负责同志亲自过问。',
        response_due: '2026-12-10',
        year: signed?.year ?? null,
        seq: signed?.seq ?? null,
        drafted_by: env.users['city.coord'],
        signed_by: signed ? env.users['city.leader'] : null,
        signed_at: signed?.at ?? null,
        signature_note: null,
        response_text: null,
        responded_by: null,
        responded_at: null,
        version: 1,
        created_at: '2026-11-20T02:00:00.000Z',
        updated_at: '2026-11-20T02:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  // This file sets its own supervision picture: the demo's reports, notices, meetings and closings go.
  const ids = (await env.db.selectFrom('items').select('id').where('consultation_id', '=', wangcang).execute()).map((r) => r.id);
  const reportIds = (await env.db.selectFrom('progress_reports').select('id').where('item_id', 'in', ids).execute()).map((r) => r.id);
  if (reportIds.length) {
    await env.db.deleteFrom('report_contributions').where('report_id', 'in', reportIds).execute();
    await env.db.deleteFrom('progress_report_rounds').where('report_id', 'in', reportIds).execute();
    await env.db.deleteFrom('progress_reports').where('id', 'in', reportIds).execute();
  }
  await env.db.deleteFrom('supervision_notices').where('item_id', 'in', ids).execute();
  await env.db.deleteFrom('meetings').where('consultation_id', '=', wangcang).execute();
  await env.db.updateTable('items').set({ status: 'in_progress', progress: 50, closed_on: null }).where('id', 'in', ids).execute();

  // The drafter of the notices gives a telephone number for the contact line.
  await env.db
    .updateTable('users')
    .set({ phone: sealField('0839-3260000'), phone_index: blindIndex('phone', '0839-3260000') })
    .where('id', '=', env.users['city.coord'])
    .execute();
  // The list was adopted in March: the second and third quarters of 2026 owe reports by now (25 Nov).
  await env.db.updateTable('consultations').set({ adopted_on: '2026-03-20', report_cycle: 'quarterly', report_due_days: 10 }).where('id', '=', wangcang).execute();
  const items = await env.db
    .selectFrom('items')
    .select(['id', 'title', 'category', 'lead_unit_id'])
    .where('consultation_id', '=', wangcang)
    .where('deleted_at', 'is', null)
    .orderBy('category')
    .orderBy('sort_order')
    .execute();
  // Q3 2026 is due on 10 October: one report on time, one late, one returned in time, the rest missing.
  await insertReport(items[0].id, '2026Q3', 'accepted', '2026-10-05T03:00:00.000Z', 60, '<p>完成<strong>中试线</strong>建设</p>');
  await insertReport(items[1].id, '2026Q3', 'submitted', '2026-10-20T03:00:00.000Z', 30, '<p>已完成招标</p>');
  await insertReport(items[2].id, '2026Q3', 'returned', '2026-10-09T15:00:00.000Z', 20, '<p>方案编制中</p>');
  const redIds = [items[3].id, items[12].id];
  const reasons = JSON.stringify([{ code: 'report_overdue_long', message: '2026年第三季度进展报告逾期45天未报' }]);
  await env.db.updateTable('items').set({ light: 'red', light_reasons_json: reasons }).where('id', 'in', redIds).execute();
  await env.db.updateTable('items').set({ light: 'green', light_reasons_json: '[]' }).where('id', 'not in', redIds).where('consultation_id', '=', wangcang).execute();
  await env.db.updateTable('items').set({ status: 'completed', progress: 100, closed_on: '2026-08-15' }).where('id', '=', items[5].id).execute();

  const m = await city.req('POST', `${base}/consultations/${wangcang}/meetings`, {
    heldOn: '2026-03-18',
    venue: '市科技局三楼会议室',
    attendees: [
      { name: '张明', orgName: '广元市科学技术局', title: '局长' },
      { name: '李华', orgName: '旺苍县人民政府', title: '副县长' },
    ],
    agenda: '审议局县会商事项清单\n确定推进机制',
    minutesHtml:
      '<h3>关于清单</h3><p>会议审议通过了<strong>会商事项清单</strong>&amp;推进机制。</p><ol><li>按季度报送进展</li><li>红灯事项专题督办</li></ol>' +
      '<table><tr><th>单位</th><th>联系人</th></tr><tr><td>旺苍县科技局</td><td>王强</td></tr></table>',
  });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  const meetingId: number = m.body.id;

  const signedNotice = await insertNotice(items[3].id, { year: 2026, seq: 3, at: '2026-11-21T02:00:00.000Z' });
  const draftNotice = await insertNotice(items[12].id, null);
  return { items, redIds, meetingId, signedNotice, draftNotice };
}

const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
const num = (xml: string, el: string, name: string) => Number(attr(xml, el, name));

/**
 * The 版头 of GB/T 9704 7.2, read from the XML: the red mark with its top 35 mm below the 版心's,
 * two blank lines, the number line carrying the red rule, two blank lines, then the title.
 */
export function expectRedHeader(d: Docx, mark: string, numberLine: string) {
  const p = paragraphXml(d.document);
  expect(p[0].text).toBe(mark);
  expect(p[0].xml).toMatch(/<w:color w:val="FF0000"\/>/);
  expect(num(p[0].xml, 'w:spacing', 'w:before')).toBe(mm(GB.markTop));
  expect(attr(p[0].xml, 'w:spacing', 'w:lineRule')).toBe('exact');
  expect(num(p[0].xml, 'w:spacing', 'w:line')).toBe((SIZE.mark / 2) * 20);
  expect(p[0].xml).toContain('<w:snapToGrid w:val="0"/>');
  for (const blank of [p[1], p[2], p[4], p[5]]) {
    expect(blank.text).toBe('');
    expect(num(blank.xml, 'w:spacing', 'w:line')).toBe(LINE_PITCH);
  }
  expect(p[3].text).toBe(numberLine);
  const rule = /<w:pBdr><w:bottom ([^>]*)\/>/.exec(p[3].xml)![1];
  expect(rule).toContain('w:color="FF0000"');
  expect(num(`<x ${rule}>`, 'x', 'w:space')).toBe(7);
  expect(p[6].xml).toMatch(/<w:sz w:val="44"\/>/);
}

/**
 * The 版记 of 7.4 from the XML: the document's last table, floated so that its bottom rule sits on
 * the 版心's bottom edge, as wide as the 版心, thick rules outside and a thin one between.
 */
export function expectRecordFooter(d: Docx, lines: string[]) {
  const tables = [...d.document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
  const t = tables[tables.length - 1];
  const rows = [...t.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
  expect(
    rows.map((r) =>
      paragraphXml(r)
        .map((p) => p.text.replace('\t', ' | '))
        .join(''),
    ),
  ).toEqual(lines);
  for (const r of rows) {
    expect(num(r, 'w:trHeight', 'w:val')).toBe(LINE_PITCH);
    expect(attr(r, 'w:trHeight', 'w:hRule')).toBe('exact');
  }
  expect(num(t, 'w:tblpPr', 'w:tblpY') + rows.length * LINE_PITCH).toBe(TEXT_HEIGHT);
  expect(attr(t, 'w:tblpPr', 'w:vertAnchor')).toBe('margin');
  expect(attr(t, 'w:tblpPr', 'w:horzAnchor')).toBe('page');
  expect(num(t, 'w:tblpPr', 'w:tblpX')).toBe(MARGIN.left);
  expect(num(t, 'w:tblW', 'w:w')).toBe(TEXT_WIDTH);
  const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(t)![1];
  const eighths = (e: string) => num(borders, `w:${e}`, 'w:sz');
  expect((eighths('top') / 8 / 72) * 25.4).toBeCloseTo(GB.recordRuleThick, 1);
  expect((eighths('bottom') / 8 / 72) * 25.4).toBeCloseTo(GB.recordRuleThick, 1);
  if (rows.length > 1) expect((eighths('insideH') / 8 / 72) * 25.4).toBeCloseTo(GB.recordRuleThin, 1);
  // Nothing follows it but the empty paragraph it is anchored to.
  const after = d.document.slice(d.document.lastIndexOf('</w:tbl>'));
  expect(paragraphXml(after).every((p) => p.text === '')).toBe(true);
}

/** 7.3.5.2: the organ two characters in from the right, the date's first character two right of the organ's. */
export function expectSignature(d: Docx, organ: string, date: string) {
  const p = paragraphXml(d.document);
  const i = p.findIndex((x, n) => x.text === organ && p[n + 1]?.text === date);
  expect(i, `${organ} / ${date}`).toBeGreaterThan(0);
  expect(p[i - 1].text).toBe('');
  const left = (x: { xml: string }) => num(x.xml, 'w:ind', 'w:left') / CHAR;
  const right = Math.max(left(p[i]) + widthInChars(organ), left(p[i + 1]) + widthInChars(date));
  expect(28 - right).toBeCloseTo(GB.signatureRightChars, 1);
  expect(left(p[i + 1]) - left(p[i])).toBeCloseTo(GB.dateShiftChars, 1);
}

/** 7.3.3: 一、 in 黑体, （一） in 楷体, 1. in bold 仿宋; and no ISO date anywhere in the text. */
export function expectHeadingsAndDates(d: Docx) {
  const p = paragraphXml(d.document).filter((x) => x.xml.includes('w:firstLine'));
  const first = (x: { xml: string }) => /<w:r>[\s\S]*?<\/w:r>/.exec(x.xml)?.[0] ?? '';
  for (const x of p.filter((y) => /^[一二三四五六七八九十]+、/.test(y.text))) expect(attr(first(x), 'w:rFonts', 'w:eastAsia'), x.text).toBe('黑体');
  for (const x of p.filter((y) => /^（[一二三四五六七八九十]+）/.test(y.text))) expect(attr(first(x), 'w:rFonts', 'w:eastAsia'), x.text).toBe('楷体_GB2312');
  for (const x of p.filter((y) => /^\d+\./.test(y.text))) expect(first(x), x.text).toContain('<w:b/>');
  expect(d.text).not.toMatch(/\d{4}-\d{1,2}-\d{1,2}/);
}

/** Every 序号 column fits its two characters (小四, with the cell's margins) on one line. */
export function expectSeqColumnsFit(d: Docx) {
  const tables = [...d.document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).filter((t) => paragraphXml(t)[0]?.text === '序号');
  expect(tables.length).toBeGreaterThan(0);
  for (const t of tables) expect(num(t, 'w:gridCol', 'w:w')).toBeGreaterThanOrEqual(2 * (SIZE.table / 2) * 20 + 120);
}

/** 7.3.7: the attachment on a page of its own (a page break or a new section), 附件 in 黑体 flush left, its title two lines down. */
export function expectAttachment(d: Docx, name: string, opts: { landscape: boolean }) {
  const p = paragraphXml(d.document);
  const i = p.findIndex((x) => x.text === '附件');
  expect(i).toBeGreaterThan(0);
  expect(attr(p[i].xml, 'w:rFonts', 'w:eastAsia')).toBe('黑体');
  expect(p[i].xml).not.toContain('w:firstLine');
  expect(p[i + 1].text).toBe('');
  expect(p[i + 2].text).toBe(name);
  expect(p.some((x) => x.text === `附件：${name}`)).toBe(true);
  const before = d.document.slice(0, d.document.indexOf(p[i].xml));
  if (opts.landscape) {
    // The section before it ends (portrait), the one it opens is landscape.
    expect(p[i - 1].xml).toMatch(/<w:sectPr>[\s\S]*w:orient="portrait"/);
    const rest = d.document.slice(d.document.indexOf(p[i].xml));
    expect(/<w:pgSz [^>]*\/>/.exec(rest)![0]).toContain('w:orient="landscape"');
  } else expect(p[i].xml.includes('<w:pageBreakBefore/>') || /<w:sectPr>/.test(p[i - 1].xml)).toBe(true);
  expect(before.length).toBeGreaterThan(0);
}
