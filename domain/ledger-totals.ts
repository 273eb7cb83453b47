import { halfWidth, shortText, type CellValue } from './ledger-values.js';
import type { ColumnMap, LedgerSkipKind } from './ledger-parse.js';

/** Totals rows of an office ledger (合计/总计/小计): not items, but a count to check the items against. */

/** 合计/总计 count the whole sheet, 小计 its section. */
const TOTAL_WORD = /^(合计|总计|小计)(.*)$/;
const CN_NUMERAL = '零〇一二两三四五六七八九十百';
const COUNT = `(?:共计|共|计)?[:：]?([\\d${CN_NUMERAL}]+)(?:项|个|件|条)`;
/** What may follow the word in a totals cell: nothing, a colon or bracket, or a count ("合计20项"); "合计完成投资" is a sentence, not a total. */
const TOTAL_TAIL = new RegExp(`^($|[:：（(]|${COUNT})`);
const COUNT_IN_TAIL = new RegExp(COUNT);
/** A cell holding only a count: "20项", "共30项", "（共5项）". */
const COUNT_CELL = new RegExp(`^[（(]?${COUNT}(?:事项)?[)）]?$`);
const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "20", "二十", "三十五", "一百零二" → the number; null for anything else. */
export function countOf(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch];
    else if (ch === '十' || ch === '百') {
      total += (digit ?? 1) * (ch === '十' ? 10 : 100);
      digit = null;
    } else return null;
  }
  return s ? total + (digit ?? 0) : null;
}

export interface TotalRow {
  kind: LedgerSkipKind;
  /** The word as the sheet has it once spaces are gone: 合计, 总计 or 小计. */
  word: string;
  /** 0-based column of the cell naming the total. */
  column: number;
  /** The number of items the row states ("20项", "共30项"), with its column; null when it states none. */
  stated: { count: number; column: number } | null;
}

/**
 * Is this row a totals row? It is when its 序号, 类别 or 事项名称 cell, or its first filled cell, reads
 * 合计/总计/小计 (spaces allowed: "合 计"), alone or followed by a colon, a bracket or a count. A title
 * that merely contains the word ("两县合计新增企业20家", "合计完成投资5亿元") is an item.
 */
export function totalRowOf(row: CellValue[], columns: ColumnMap, normalise: (s: string) => string = (s) => s): TotalRow | null {
  const compact = (c: number) => normalise(halfWidth(shortText(row[c] ?? null))).replace(/\s+/g, '');
  const first = row.findIndex((c) => shortText(c ?? null) !== '');
  const candidates = [...new Set([columns.seq, columns.category, columns.title, first])].filter((c): c is number => c !== undefined && c >= 0);
  for (const column of candidates) {
    const m = TOTAL_WORD.exec(compact(column));
    if (!m || !TOTAL_TAIL.test(m[2])) continue;
    let stated: TotalRow['stated'] = null;
    const inTail = COUNT_IN_TAIL.exec(m[2]);
    const inTailCount = inTail ? countOf(inTail[1]) : null;
    if (inTailCount !== null) stated = { count: inTailCount, column };
    else {
      // The count in a cell of its own, the title cell first ("合计 | 20项").
      const others = [...new Set([columns.title, ...row.keys()])].filter((c): c is number => c !== undefined && c !== column);
      for (const c of others) {
        const n = COUNT_CELL.exec(compact(c));
        const count = n ? countOf(n[1]) : null;
        if (count !== null) {
          stated = { count, column: c };
          break;
        }
      }
    }
    return { kind: m[1] === '小计' ? 'subtotal' : 'total', word: m[1], column, stated };
  }
  return null;
}
