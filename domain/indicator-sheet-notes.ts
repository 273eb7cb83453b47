import { cellAddress, type Grid } from './ledger-parse.js';
import { shortText, type CellValue } from './ledger-values.js';
import { asciiOf, compact } from './indicator-cells.js';
import type { CountyRef, IndicatorParseOptions, WorkbookProblem } from './indicator-workbook.js';

export const texts = (row: CellValue[]) => [...new Set(row.map((c) => shortText(c)).filter(Boolean))];
const MONEY_NOTE = /(?:金额|资金)?单位[:：]\s*(亿元|万元|千元|元)/;

// What the lines around an indicator table say: the county that filled it in (填报单位 or the
// title), the years a note calls 快报, and a table-wide money unit (金额单位：亿元).

/** The county: the one the user named, else the one 填报单位 names, else the title's. */
export function countyOf(
  grid: Grid,
  header: number,
  opts: IndicatorParseOptions,
  problems: WorkbookProblem[],
): { county: CountyRef | null; text: string | null; cell: string | null } {
  const counties = opts.counties ?? [];
  const normalise = opts.normalise ?? ((s: string) => s);
  type Found = { text: string; cell: string };
  let filler: Found | undefined;
  let title: Found | undefined;
  for (let r = 0; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    for (let col = 0; col < row.length && !filler; col++) {
      const c = row[col];
      if (typeof c !== 'string') continue;
      const m = /填报(?:单位|部门)(?:[(（][^)）]*[)）])?[:：]\s*([^\s:：]+?)(?=\s|填报|日期|时间|$)/.exec(normalise(c).replace(/\u3000/g, ' '));
      if (m) filler = { text: m[1], cell: cellAddress(r, col) };
    }
    if (!title && r < header) {
      const t = texts(row);
      if (t.length === 1 && !/^填报/.test(t[0])) {
        title = {
          text: t[0],
          cell: cellAddress(
            r,
            row.findIndex((c) => shortText(c) === t[0]),
          ),
        };
      }
    }
  }
  const found = [filler, title].filter((x): x is Found => x !== undefined);
  const text = found[0]?.text ?? null;
  if (opts.county) {
    const given = counties.find((c) => c.code === opts.county);
    if (!given) problems.push({ cell: 'county', code: 'INDICATOR_UNKNOWN_COUNTY', message: `区划代码 ${opts.county} 不是已登记的县（区）` });
    return { county: given ? { code: given.code, name: given.name } : null, text, cell: 'county' };
  }
  const byLength = [...counties].sort((a, b) => b.name.length - a.name.length);
  for (const f of found) {
    const t = normalise(f.text);
    let hit: { county: CountyRef; at: number } | null = null;
    for (const c of byLength) {
      const short = c.name.replace(/(县|区|市|自治县)$/, '');
      const at = [t.indexOf(c.name), short.length >= 2 ? t.indexOf(short) : -1].filter((i) => i >= 0).sort((a, b) => a - b)[0];
      if (at !== undefined && (!hit || at < hit.at)) hit = { county: c, at };
    }
    if (hit) return { county: { code: hit.county.code, name: hit.county.name }, text, cell: f.cell };
  }
  const at = found[0];
  problems.push({
    cell: at?.cell ?? 'A1',
    code: 'INDICATOR_NO_COUNTY',
    message: at ? `无法从“${at.text}”确定填报的县（区），请指定县（区）` : '表中没有填报单位，也无法从标题确定县（区），请指定县（区）',
  });
  return { county: null, text, cell: at?.cell ?? null };
}

/** Years the notes call 快报 (preliminary); when some are, the others are final. */
export function preliminaryYears(grid: Grid): Set<number> {
  const out = new Set<number>();
  for (const row of grid.rows) {
    for (const t of texts(row)) {
      for (const m of compact(t).matchAll(/(\d{4})年度?(?:数据|数字|数)?(?:为|是|系|均为)?(快报|初步|预计)/g)) out.add(Number(m[1]));
    }
  }
  return out;
}

export function moneyUnitOf(grid: Grid, header: number): string | null {
  for (let r = 0; r < grid.rows.length; r++) {
    if (r === header) continue;
    for (const t of texts(grid.rows[r] ?? [])) {
      const m = MONEY_NOTE.exec(asciiOf(t));
      if (m) return m[1];
    }
  }
  return null;
}
