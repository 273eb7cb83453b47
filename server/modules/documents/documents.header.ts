/** 版头 (GB/T 9704-2012 7.2): the red mark, the document number, 签发人 where the genre has it, the red rule. */
import { AlignmentType, BorderStyle, LineRuleType, Paragraph, TabStopType, TextRun } from 'docx';
import { CHAR, GB, RED, RULE_SPACE_PT, SIZE, TEXT_WIDTH, blank, exact, font, mm, run } from './documents.layout.js';

/** The red rule under the document number, as a paragraph border: w:sz in eighths of a point. */
const RED_RULE = { style: BorderStyle.SINGLE, size: 12, color: RED, space: RULE_SPACE_PT };

export interface RedHeaderOptions {
  /** 发文机关标志, e.g. 广元市科学技术局督办单 or …会议纪要. */
  mark: string;
  /** 发文字号, centred under the mark; for an upward document (上行文) one character in from the left. */
  number?: string | null;
  /**
   * An upward document (上行文, e.g. a 请示 or 报告 to a superior organ) names its 签发人 (7.2.6) on the
   * number's line, one character in from the right. The type allows it nowhere else: a 督办单, 纪要 or
   * 通报 goes down or across and has none.
   */
  upward?: { signer: string };
  /** For a 纪要 without a number (10.3): the issuing office on the left and the date on the right of that line. */
  issuer?: { organ: string; date: string };
}

/**
 * 版头: the organ's mark in red 小标宋 with its top edge 35 mm below the 版心's (7.2.4), two blank
 * lines, the number line (7.2.5, 7.2.6), the red rule 4 mm under it across the 版心 (7.2.7), and
 * the two blank lines before the title (7.3.1).
 */
export function redHeader(o: RedHeaderOptions): Paragraph[] {
  const markLine = (SIZE.mark / 2) * 20;
  const inset = Math.round(CHAR * GB.signerInsetChars);
  let numberLine: Paragraph;
  if (o.upward) {
    numberLine = new Paragraph({
      spacing: exact(),
      border: { bottom: RED_RULE },
      indent: { left: inset, right: inset },
      // A tab stop is measured from the page margin, not from the paragraph's indent.
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - inset }],
      children: [run(o.number ?? ''), run('\t签发人：'), new TextRun({ text: o.upward.signer, font: font('heading2') })],
    });
  } else if (o.issuer && !o.number) {
    numberLine = new Paragraph({
      spacing: exact(),
      border: { bottom: RED_RULE },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      children: [run(o.issuer.organ), run(`\t${o.issuer.date}`)],
    });
  } else {
    numberLine = new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact(), border: { bottom: RED_RULE }, children: o.number ? [run(o.number)] : [] });
  }
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: markLine, lineRule: LineRuleType.EXACT, before: mm(GB.markTop), after: 0 },
      children: [new TextRun({ text: o.mark, font: font('title'), size: SIZE.mark, color: RED, characterSpacing: 0 })],
    }),
    ...Array.from({ length: GB.markToNumberLines }, blank),
    numberLine,
    ...Array.from({ length: GB.ruleToTitleLines }, blank),
  ];
}
