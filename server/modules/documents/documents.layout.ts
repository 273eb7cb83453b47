/**
 * The GB/T 9704-2012 page (党政机关公文格式) as docx building blocks: A4, the 版心 156 × 225 mm,
 * 22 lines of 28 characters in 3号仿宋, the title in 2号小标宋, page numbers "— 1 —" in 4号宋体.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';

/** Word measures in twentieths of a point (twips); the standard in millimetres. */
export const mm = (v: number) => Math.round((v * 1440) / 25.4);

export const PAGE = { width: mm(210), height: mm(297) };
export const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;

export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Font sizes in half-points, as w:sz takes them. 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt. */
export const SIZE = { title: 44, body: 32, pageNumber: 28, table: 24, mark: 52 } as const;

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
const font = (key: FontKey) => ({ ascii: FONT[key].name, hAnsi: FONT[key].name, eastAsia: FONT[key].name, cs: FONT[key].name, hint: 'eastAsia' });

const RED = 'FF0000';
const exact = (line = LINE_PITCH) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
/** 首行缩进两字: two body characters at the squeezed grid pitch. */
const INDENT_2 = Math.round((TEXT_WIDTH / CHARS_PER_LINE) * 2);

export type Block = Paragraph | Table;
export interface Span {
  text: string;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

function run(s: Span | string, base: Partial<IRunOptions> = {}): TextRun {
  const span = typeof s === 'string' ? { text: s } : s;
  return new TextRun({
    ...base,
    text: span.text,
    bold: span.bold,
    italics: span.italics,
    ...(span.underline ? { underline: {} } : {}),
  });
}

/** 标题: 2号小标宋, centred, may run to several lines; a blank line follows it. */
export function title(text: string): Paragraph[] {
  return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(), children: [new TextRun({ text, font: font('title'), size: SIZE.title })] }), blank()];
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

/** 一级标题「一、」黑体; 二级标题「（一）」楷体 — the standard's first two levels of 结构层次序数. */
export function heading(text: string, level: 1 | 2 = 1): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: exact(),
    indent: { firstLine: INDENT_2 },
    keepNext: true,
    children: [new TextRun({ text, font: font(level === 1 ? 'heading1' : 'heading2') })],
  });
}

/**
 * 发文机关署名 and 成文日期: right-aligned, the date four characters in from the right margin
 * and the organ centred over it, as the standard sets them for documents without a seal.
 */
export function signature(organ: string, dateText: string): Paragraph[] {
  const right = Math.round((TEXT_WIDTH / CHARS_PER_LINE) * 4);
  return [
    blank(),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: exact(), indent: { right }, children: [run(organ)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: exact(), indent: { right }, children: [run(dateText)] }),
  ];
}

/**
 * 版头: the issuing organ's mark in red 小标宋, the document number (if any) centred under it,
 * and the red separator line across the full 版心 width.
 */
export function redHeader(mark: string, number: string | null): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: Math.round(LINE_PITCH * 2), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: [new TextRun({ text: mark, font: font('title'), size: SIZE.mark, color: RED })],
    }),
    blank(),
  ];
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(),
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 8 } },
      children: number ? [run(number)] : [],
    }),
    blank(),
  );
  return out;
}

/** 版记: a line above and below the 印发 line, as the standard closes a document. */
export function recordFooter(left: string, right: string): Paragraph[] {
  const line = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 };
  return [
    blank(),
    new Paragraph({
      spacing: exact(),
      border: { top: line, bottom: line },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      indent: { left: Math.round(TEXT_WIDTH / CHARS_PER_LINE), right: Math.round(TEXT_WIDTH / CHARS_PER_LINE) },
      children: [new TextRun({ text: left, size: SIZE.pageNumber }), new TextRun({ text: `\t${right}`, size: SIZE.pageNumber })],
    }),
  ];
}

export interface Column {
  header: string;
  /** Share of the table width, in any unit; the widths are scaled to the 版心. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

function cell(text: string, width: number, opts: { bold?: boolean; align?: Column['align'] }): TableCell {
  const alignment = opts.align === 'right' ? AlignmentType.RIGHT : opts.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    children: (text === '' ? [''] : text.split('\n')).map(
      (line) =>
        new Paragraph({
          alignment,
          spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          // Tables leave the character grid: 小四 at the body's 3号 pitch would spread every cell.
          children: [new TextRun({ text: line, bold: opts.bold, size: SIZE.table, snapToGrid: false })],
        }),
    ),
  });
}

/** A bordered table in 小四仿宋 with a repeated bold header row. */
export function table(columns: Column[], rows: string[][]): Table {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width / total) * TEXT_WIDTH));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, widths[i], { bold: true, align: 'center' })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, widths[i], { align: columns[i].align ?? 'center' })) })),
    ],
  });
}

/** 页码: 4号宋体 "— 1 —"; odd pages on the right, even pages on the left, one character in. */
function pageFooter(side: 'right' | 'left'): Footer {
  const inset = Math.round(TEXT_WIDTH / CHARS_PER_LINE);
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: inset } : { left: inset },
        spacing: { line: 280, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('pageNumber'), size: SIZE.pageNumber, snapToGrid: false })],
      }),
    ],
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

export interface OfficialDocument {
  /** Shown in the file's properties. */
  title: string;
  creator: string;
  children: Block[];
}

/** The whole document: page, grid, default 3号仿宋 text and the page-number footers. */
export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  const section: ISectionOptions = {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        // The page number's dash line sits 7 mm below the 版心; the footer's baseline about 4号 below that.
        margin: { ...MARGIN, header: mm(15), footer: mm(35 - 7) - 280, gutter: 0 },
      },
      grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
    },
    footers: { default: pageFooter('right'), even: pageFooter('left') },
    children: doc.children,
  };
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
    sections: [section],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
