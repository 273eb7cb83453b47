/**
 * The GB/T 9704-2012 page (党政机关公文格式) as docx building blocks: A4, the 版心 156 × 225 mm,
 * 22 lines of 28 characters in 3号仿宋, the title in 2号小标宋, page numbers "— 1 —" in 4号宋体.
 * Every measure the standard gives is a named constant in GB below, with its clause.
 */
import { AlignmentType, Document, DocumentGridType, LineRuleType, Packer, PageOrientation, Paragraph, Table, TextRun, type IRunOptions, type ISectionOptions } from 'docx';
import JSZip from 'jszip';
import { portraitFooter, landscapePageNumber, pageFooter } from './documents.footer.js';
import { titleLines, widthInChars } from './documents.text.js';

export { titleLines, widthInChars } from './documents.text.js';

/** GB/T 9704-2012's numbers, in millimetres, lines (行) and characters (字). */
export const GB = {
  /** 5.1 A4. */
  page: { width: 210, height: 297 },
  /** 5.2.1 天头 37 mm ± 1, 订口 28 mm ± 1, 版心 156 × 225 mm; the other two margins follow. */
  margin: { top: 37, bottom: 35, left: 28, right: 26 },
  textWidth: 156,
  textHeight: 225,
  /** 5.2.3 22 lines of 28 characters a page. */
  lines: 22,
  chars: 28,
  /** 7.2.4 (and 10.3 for 纪要) the organ's mark: its top edge 35 mm below the 版心's top edge. */
  markTop: 35,
  /** 7.2.5 the document number two blank lines (空二行) below the mark. */
  markToNumberLines: 2,
  /** 7.2.6 签发人 (上行文 only): one character in from the right; the number one in from the left. */
  signerInsetChars: 1,
  /** 7.2.7 the red rule 4 mm below the document number, as wide as the 版心. */
  ruleBelowNumber: 4,
  /** 7.3.1 the title two blank lines below the red rule; 7.3.2 the addressee one below the title. */
  ruleToTitleLines: 2,
  titleToAddresseeLines: 1,
  /** 7.3.5.2 without a seal: the organ two characters in from the right, the date two characters right of its start. */
  signatureRightChars: 2,
  dateShiftChars: 2,
  /** 7.4.1 版记 rules: the first and last 0.35 mm, those between 0.25 mm; the last on the 版心's bottom edge. */
  recordRuleThick: 0.35,
  recordRuleThin: 0.25,
  /** 7.4.2, 7.4.3 抄送 and 印发 in 4号, one character in on each side. */
  recordInsetChars: 1,
  /** 7.5 the page number's dashes 7 mm below the 版心, one character in from the outer side. */
  pageNumberBelow: 7,
} as const;

/** Word measures in twentieths of a point (twips); the standard in millimetres. */
export const mm = (v: number) => Math.round((v * 1440) / 25.4);
export const twipsToMm = (v: number) => (v * 25.4) / 1440;

export const PAGE = { width: mm(GB.page.width), height: mm(GB.page.height) };
export const MARGIN = { top: mm(GB.margin.top), bottom: mm(GB.margin.bottom), left: mm(GB.margin.left), right: mm(GB.margin.right) };
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** A landscape page (GB/T 9704 8, 横排表格): the 版心 turned, its head towards the binding edge. */
export const LANDSCAPE_MARGIN = { top: MARGIN.left, bottom: MARGIN.right, left: MARGIN.bottom, right: MARGIN.top };
export const LANDSCAPE_TEXT_WIDTH = PAGE.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;

export const LINES_PER_PAGE = GB.lines;
export const CHARS_PER_LINE = GB.chars;

/** Font sizes in half-points, as w:sz takes them. 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt. */
export const SIZE = { title: 44, body: 32, pageNumber: 28, record: 28, table: 24, mark: 52 } as const;

/**
 * 22 lines of 28 characters. Lines: a line grid of 225 mm / 22 and every paragraph exactly that
 * high (rounded down so the 22nd line still fits). Characters: 156 mm / 28 is a little under the
 * 16 pt of a 3号 character, so every run is tightened by whole twips until 28 fit and 29 do not.
 * Word's own idiom is a character grid (type linesAndChars with a negative charSpace), but
 * LibreOffice lays each character wider than such a grid's cell across two cells — 14 characters
 * a line — so the squeeze is done with character spacing, which Word, WPS and LibreOffice all
 * honour alike; charSpace is still written so that switching the grid on in Word's page setup
 * gives the same 28.
 */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE);
export const CHAR_SPACE = Math.floor((TEXT_WIDTH / 20 / CHARS_PER_LINE - SIZE.body / 2) * 4096);
/** Twips added to every character: −5 (−0.25 pt) for the standard's page. */
export const CHAR_SPACING = Math.floor(TEXT_WIDTH / CHARS_PER_LINE - (SIZE.body / 2) * 20);
/** One body character (一字) at the squeezed pitch, in twips. */
export const CHAR = TEXT_WIDTH / CHARS_PER_LINE;
/** The red rule's distance below the number's line, in points (w:space): 4 mm below the characters' foot. */
export const RULE_SPACE_PT = 7;

/**
 * The fonts the standard names, with the ones every Chinese Windows has as their stand-ins: the
 * font table declares each with w:altName, which Word, WPS and LibreOffice use when the named font
 * is not installed (a run can name only one font per script, so the fallback must live there).
 */
export const FONT = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading1: { name: '黑体', fallback: 'SimHei' },
  heading2: { name: '楷体_GB2312', fallback: '楷体' },
  pageNumber: { name: '宋体', fallback: 'SimSun' },
} as const;
type FontKey = keyof typeof FONT;

/** Latin digits and letters follow the same face so numbers line up with the Chinese text. */
export const font = (key: FontKey) => ({ ascii: FONT[key].name, hAnsi: FONT[key].name, eastAsia: FONT[key].name, cs: FONT[key].name, hint: 'eastAsia' });

export const RED = 'FF0000';
export const exact = (line = LINE_PITCH) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
/** 首行缩进两字. */
const INDENT_2 = Math.round(CHAR * 2);

export type Block = Paragraph | Table;
export interface Span {
  text: string;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

export function run(s: Span | string, base: Partial<IRunOptions> = {}): TextRun {
  const span = typeof s === 'string' ? { text: s } : s;
  return new TextRun({
    ...base,
    text: span.text,
    bold: span.bold ?? base.bold,
    italics: span.italics,
    ...(span.underline ? { underline: {} } : {}),
  });
}

/** Characters of 2号 that fit a line of `width` twips. */
const titleCharsPerLine = (width = TEXT_WIDTH) => Math.floor(width / ((SIZE.title / 2) * 20 + CHAR_SPACING));

/** 标题: 2号小标宋, centred, broken into whole-word lines; a blank line follows it (7.3.2). */
export function title(parts: string | string[], width = TEXT_WIDTH): Paragraph[] {
  const lines = titleLines(typeof parts === 'string' ? [parts] : parts, titleCharsPerLine(width));
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(),
      keepNext: true,
      children: lines.map((l, n) => new TextRun({ text: l, font: font('title'), size: SIZE.title, break: n ? 1 : undefined })),
    }),
    ...Array.from({ length: GB.titleToAddresseeLines }, blank),
  ];
}

export function blank(): Paragraph {
  return new Paragraph({ spacing: exact(), children: [] });
}

/** 正文段落: 3号仿宋, first line indented two characters, justified. */
export function para(content: string | (Span | string)[], opts: { indent?: boolean; align?: 'left' | 'right' | 'center' } = {}): Paragraph {
  const spans = typeof content === 'string' ? [content] : content;
  const alignment = opts.align === 'right' ? AlignmentType.RIGHT : opts.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED;
  return new Paragraph({
    alignment,
    spacing: exact(),
    indent: opts.indent === false ? undefined : { firstLine: INDENT_2 },
    children: spans.map((s) => run(s)),
  });
}

/** 主送机关: flush left, followed by a full-width colon. */
export function addressee(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.LEFT, spacing: exact(), children: [run(`${text}：`)] });
}

/**
 * 结构层次序数 (7.3.3): 「一、」黑体, 「（一）」楷体, 「1.」仿宋 in bold, each indented two characters
 * like a paragraph. A heading may run on into its paragraph's text (`rest`), in the body face.
 */
export function heading(text: string, level: 1 | 2 | 3 = 1, rest?: string): Paragraph {
  const face = level === 1 ? { font: font('heading1') } : level === 2 ? { font: font('heading2') } : { bold: true };
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: exact(),
    indent: { firstLine: INDENT_2 },
    keepNext: rest === undefined,
    children: [new TextRun({ text, ...face }), ...(rest ? [run(rest)] : [])],
  });
}

/**
 * 发文机关署名 and 成文日期 for a document without a seal (7.3.5.2): a blank line, the organ two
 * characters in from the right, the date on the next line starting two characters right of the
 * organ's first character; a date longer than the organ keeps two characters from the right
 * instead, and the organ moves left with it.
 */
export function signature(organ: string, dateText: string): Paragraph[] {
  const o = widthInChars(organ);
  const d = widthInChars(dateText);
  const right = CHARS_PER_LINE - GB.signatureRightChars;
  const organStart = d > o ? right - d - GB.dateShiftChars : right - o;
  const at = (chars: number) => ({ left: Math.round(CHAR * Math.max(0, chars)) });
  return [
    blank(),
    new Paragraph({ alignment: AlignmentType.LEFT, spacing: exact(), keepNext: true, keepLines: true, indent: at(organStart), children: [run(organ)] }),
    new Paragraph({ alignment: AlignmentType.LEFT, spacing: exact(), indent: at(organStart + GB.dateShiftChars), children: [run(dateText)] }),
  ];
}

/**
 * 附件说明 (7.3.4): a blank line, then 「附件：」 two characters in, the name with no closing mark; several
 * attachments are numbered and their names line up after the colon.
 */
export function attachmentNote(names: string[]): Paragraph[] {
  const label = '附件：';
  const hang = Math.round(CHAR * widthInChars(label));
  return [
    blank(),
    ...names.map(
      (name, n) =>
        new Paragraph({
          spacing: exact(),
          indent: { left: INDENT_2 + hang, hanging: n === 0 ? hang : 0 },
          children: [run(`${n === 0 ? label : ''}${names.length > 1 ? `${n + 1}.` : ''}${name}`)],
        }),
    ),
  ];
}

/**
 * 附件 (7.3.7): on a page of its own, 「附件」 in 3号黑体 flush left on the first line, the title centred
 * on the third. `newPage` is false where a new section already starts the page.
 */
export function attachmentStart(name: string, opts: { number?: number; newPage?: boolean; width?: number } = {}): Paragraph[] {
  return [
    new Paragraph({
      spacing: exact(),
      pageBreakBefore: opts.newPage !== false,
      keepNext: true,
      children: [new TextRun({ text: `附件${opts.number ?? ''}`, font: font('heading1') })],
    }),
    blank(),
    ...title(name, opts.width),
  ];
}

/** 出席、列席、请假 in a 纪要 (10.3): the label in 黑体 two characters in, the names aligned after its colon. */
export function attendance(label: string, names: string): Paragraph {
  const hang = Math.round(CHAR * widthInChars(`${label}：`));
  return new Paragraph({
    spacing: exact(),
    alignment: AlignmentType.JUSTIFIED,
    indent: { left: INDENT_2 + hang, hanging: hang },
    children: [new TextRun({ text: `${label}：`, font: font('heading1') }), run(names)],
  });
}

function fontEntry(name: string, altName: string): string {
  // charset 86 is GB2312; family and pitch tell Word to look for another CJK face of the same kind.
  return `<w:font w:name="${name}"><w:altName w:val="${altName}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`;
}

/** The font table with each standard font and its stand-in, replacing the empty one docx writes. */
export function fontTableXml(): string {
  const entries = Object.values(FONT)
    .map((f) => fontEntry(f.name, f.fallback))
    .join('');
  const named = new Set<string>(Object.values(FONT).map((f) => f.name));
  const fallbacks = [...new Set<string>(Object.values(FONT).map((f) => f.fallback))]
    .filter((n) => !named.has(n))
    .map((n) => `<w:font w:name="${n}"><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries +
    fallbacks +
    '</w:fonts>'
  );
}

export interface DocumentSection {
  children: Block[];
  /** A landscape section (横排表格), starting on a page of its own. */
  landscape?: boolean;
}

export interface OfficialDocument {
  /** Shown in the file's properties. */
  title: string;
  creator: string;
  sections: DocumentSection[];
}

/** The whole document: page, grid, default 3号仿宋 text and the page-number footers. */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const sections: ISectionOptions[] = doc.sections.map((s) => ({
    properties: {
      page: s.landscape
        ? {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
            margin: { ...LANDSCAPE_MARGIN, header: mm(15), footer: mm(10), gutter: 0 },
          }
        : {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGIN, header: mm(15), footer: portraitFooter(), gutter: 0 },
          },
      grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
    },
    footers: s.landscape ? { default: landscapePageNumber('right'), even: landscapePageNumber('left') } : { default: pageFooter('right'), even: pageFooter('left') },
    children: s.children,
  }));
  const document = new Document({
    title: doc.title,
    creator: doc.creator,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font('body'), size: SIZE.body, characterSpacing: CHAR_SPACING },
          paragraph: { spacing: exact() },
        },
      },
      // LibreOffice takes the body size from the Normal style, not from the document defaults.
      paragraphStyles: [{ id: 'Normal', name: 'Normal', run: { font: font('body'), size: SIZE.body, characterSpacing: CHAR_SPACING } }],
    },
    sections,
  });
  const packed = await Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  return offGrid(packed);
}

/**
 * Every paragraph is exactly as high as it should be (the line pitch, or the mark's, a table's or
 * the 版记's own), which for Word already overrides the line grid. LibreOffice snaps such lines to
 * the grid all the same — a 2号 mark or a table line then takes two grid lines — unless the
 * paragraph says it does not snap, which docx cannot write: w:snapToGrid goes in just before
 * w:spacing, where the schema's order puts it.
 */
async function offGrid(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  for (const name of Object.keys(zip.files).filter((n) => /^word\/(document|footer\d+)\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    zip.file(
      name,
      xml.replace(/<w:pPr>([\s\S]*?)<\/w:pPr>/g, (m: string, inner: string) =>
        inner.includes('<w:spacing ') ? m.replace('<w:spacing ', '<w:snapToGrid w:val="0"/><w:spacing ') : m,
      ),
    );
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
