import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  HeightRule,
  TableAnchorType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { GB, MARGIN, TEXT_WIDTH, TEXT_HEIGHT, SIZE, LINE_PITCH, type Block } from './documents.layout.js';

// 版记 (GB/T 9704 7.4): 抄送 and 印发机关/印发日期 between full-width rules at the foot of the last page.

export interface RecordFooter {
  /** 抄送 organs, without the closing mark. */
  copyTo?: string[];
  issuer: string;
  date: string;
}

const RECORD_CHAR = (SIZE.record / 2) * 20;
/** Border widths in eighths of a point. */
const eighths = (mmWidth: number) => Math.round((mmWidth / 25.4) * 72 * 8);

/**
 * 版记 (7.4): 抄送 and 印发 in 4号仿宋 between a thick first and last rule as wide as the 版心, a thin
 * rule between them, the last rule on the bottom edge of the last page's 版心. It is a table of rows
 * exactly one line high, floated to a fixed height in the text area of the page its anchor (an empty
 * closing paragraph) is on, so it lands at the foot of the last page however long the text above
 * runs. The height is set absolutely: LibreOffice 7 ignores a floating table's (and a frame's)
 * alignment to the bottom, and both office suites honour an offset.
 */
export function recordFooter(r: RecordFooter): Block[] {
  const thick = { style: BorderStyle.SINGLE, size: eighths(GB.recordRuleThick), color: '000000' };
  const thin = { style: BorderStyle.SINGLE, size: eighths(GB.recordRuleThin), color: '000000' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const inset = RECORD_CHAR * GB.recordInsetChars;
  const small = (text: string) => new TextRun({ text, size: SIZE.record, characterSpacing: 0 });
  const row = (p: Paragraph) =>
    new TableRow({
      cantSplit: true,
      height: { value: LINE_PITCH, rule: HeightRule.EXACT },
      children: [
        new TableCell({
          width: { size: TEXT_WIDTH, type: WidthType.DXA },
          margins: { left: 0, right: 0, top: 0, bottom: 0 },
          verticalAlign: VerticalAlignTable.CENTER,
          children: [p],
        }),
      ],
    });
  const rows: TableRow[] = [];
  if (r.copyTo?.length) {
    const hang = RECORD_CHAR * 3;
    rows.push(
      row(
        new Paragraph({
          spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          alignment: AlignmentType.JUSTIFIED,
          indent: { left: inset + hang, right: inset, hanging: hang },
          children: [small(`抄送：${r.copyTo.join('，')}。`)],
        }),
      ),
    );
  }
  rows.push(
    row(
      new Paragraph({
        spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        indent: { left: inset, right: inset },
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 2 * inset }],
        children: [small(r.issuer), small(`\t${r.date}印发`)],
      }),
    ),
  );
  const height = rows.length * LINE_PITCH;
  const width = TEXT_WIDTH;
  return [
    new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: [width],
      layout: TableLayoutType.FIXED,
      float: {
        // Horizontally from the page's edge: LibreOffice floats a table as wide as the text area only then.
        horizontalAnchor: TableAnchorType.PAGE,
        verticalAnchor: TableAnchorType.MARGIN,
        absoluteHorizontalPosition: MARGIN.left,
        absoluteVerticalPosition: TEXT_HEIGHT - height,
        topFromText: 0,
        bottomFromText: 0,
        leftFromText: 0,
        rightFromText: 0,
      },
      borders: { top: thick, bottom: thick, insideHorizontal: thin, left: none, right: none, insideVertical: none },
      margins: { left: 0, right: 0, top: 0, bottom: 0 },
      rows,
    }),
    new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, children: [] }),
  ];
}
