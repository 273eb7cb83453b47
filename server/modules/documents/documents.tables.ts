import { AlignmentType, LineRuleType, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType } from 'docx';
import { SIZE, TEXT_WIDTH } from './documents.layout.js';
import { widthInChars } from './documents.text.js';

// Tables of a 公文 (the 序号 column on one line, columns sized to their content).

export interface Column {
  header: string;
  /** Share of the table width, in any unit; the widths are scaled to the 版心. */
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Never wraps: as wide as its widest cell (序号, 状态), taken out of the others' share. */
  nowrap?: boolean;
}

const CELL_MARGIN = 60;
const TABLE_CHAR = (SIZE.table / 2) * 20;

function cell(text: string, width: number, opts: { bold?: boolean; align?: Column['align'] }): TableCell {
  const alignment = opts.align === 'right' ? AlignmentType.RIGHT : opts.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 20, bottom: 20 },
    children: (text === '' ? [''] : text.split('\n')).map(
      (line) =>
        new Paragraph({
          alignment,
          spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          // Tables leave the character grid: 小四 at the body's 3号 pitch would spread every cell.
          children: [new TextRun({ text: line, bold: opts.bold, size: SIZE.table, snapToGrid: false, characterSpacing: 0 })],
        }),
    ),
  });
}

const cellChars = (s: string) => widthInChars(s) + [...s].filter((ch) => /[\u0020-\u007e]/.test(ch)).length * 0.15;

/** The column widths in twips: nowrap columns fit their widest line, the rest share what is left. */
export function columnWidths(columns: Column[], rows: string[][], width = TEXT_WIDTH): number[] {
  const fixed = columns.map((c, i) =>
    // Digits are counted a little over half a character: faces differ in how wide they set them.
    c.nowrap ? Math.ceil((Math.max(widthInChars(c.header), ...rows.flatMap((r) => (r[i] ?? '').split('\n').map(cellChars))) + 0.5) * TABLE_CHAR + 2 * CELL_MARGIN) : 0,
  );
  const rest = width - fixed.reduce((s, w) => s + w, 0);
  const share = columns.reduce((s, c, i) => s + (fixed[i] ? 0 : c.width), 0);
  const widths = columns.map((c, i) => fixed[i] || Math.floor((c.width / share) * rest));
  // What rounding left goes to the widest column, so the table is exactly the 版心's width.
  const widest = widths.indexOf(Math.max(...widths));
  widths[widest] += width - widths.reduce((s, w) => s + w, 0);
  return widths;
}

/** A bordered table in 小四仿宋 with a repeated bold header row. */
export function table(columns: Column[], rows: string[][], width = TEXT_WIDTH): Table {
  const widths = columnWidths(columns, rows, width);
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, widths[i], { bold: true, align: 'center' })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, widths[i], { align: columns[i].align ?? 'center' })) })),
    ],
  });
}
