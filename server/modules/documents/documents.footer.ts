/**
 * 页码 (GB/T 9704-2012 7.5): 4号半角宋体 "— 1 —", the dashes' top 7 mm below the 版心, odd pages on
 * the right and even pages on the left, one character in. A landscape table page (8) keeps its
 * number where every other page has it: the sheet is turned with the table's head to the left
 * edge, so the sheet's foot is the landscape page's left margin, and the number stands there
 * turned a quarter, reading as on the portrait pages once the sheet is bound.
 */
import {
  AlignmentType,
  BorderStyle,
  Footer,
  HeightRule,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TextDirection,
  TextRun,
  WidthType,
} from 'docx';
import { CHAR, GB, MARGIN, SIZE, font, mm } from './documents.layout.js';

// documents.layout.ts imports this file: its values are read when a page is made, not at load.

/** The number's line: exactly one 4号 line high. */
const numberLine = () => (SIZE.pageNumber / 2) * 20;
/** The footer's foot above the page's: the number's line then starts 7 mm below the 版心. */
export const portraitFooter = () => MARGIN.bottom - mm(GB.pageNumberBelow) - numberLine();

const numberRun = () => new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('pageNumber'), size: SIZE.pageNumber, snapToGrid: false });

export function pageFooter(side: 'right' | 'left'): Footer {
  const inset = Math.round(CHAR);
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: inset } : { left: inset },
        spacing: { line: numberLine(), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        children: [numberRun()],
      }),
    ],
  });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
/** Room along the edge for the longest number, "— 999 —", in millimetres. */
const NUMBER_SPAN_MM = 40;
/**
 * An office lays a turned line about 2.5 mm further from the cell's edge than it lays a line below
 * a footer's top (measured in documents.render.test.ts against the portrait pages), in millimetres.
 */
const TURNED_LINE_SHIFT_MM = 2.5;

/**
 * The landscape page's number: a one-cell floating table in the left margin whose text runs top
 * to bottom. Odd pages: the number ends one character before the 版心's right edge as the bound
 * sheet shows it (the landscape page's lower side); even pages: it starts one character after its left.
 */
export function landscapePageNumber(side: 'right' | 'left'): Footer {
  const inset = Math.round(CHAR);
  const line = numberLine();
  const span = mm(NUMBER_SPAN_MM);
  const x = mm(GB.margin.bottom - GB.pageNumberBelow + TURNED_LINE_SHIFT_MM) - line;
  const y = side === 'right' ? mm(GB.margin.left + GB.textWidth) - inset - span : mm(GB.margin.left) + inset;
  const cell = new TableCell({
    width: { size: line, type: WidthType.DXA },
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    textDirection: TextDirection.TOP_TO_BOTTOM_RIGHT_TO_LEFT,
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { line: numberLine(), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        children: [numberRun()],
      }),
    ],
  });
  return new Footer({
    children: [
      new Table({
        float: { horizontalAnchor: TableAnchorType.PAGE, verticalAnchor: TableAnchorType.PAGE, absoluteHorizontalPosition: x, absoluteVerticalPosition: y },
        layout: TableLayoutType.FIXED,
        width: { size: line, type: WidthType.DXA },
        columnWidths: [line],
        borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
        rows: [new TableRow({ height: { value: span, rule: HeightRule.EXACT }, children: [cell] })],
      }),
      // A footer ends with a paragraph; this one is empty and small.
      new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, children: [] }),
    ],
  });
}
