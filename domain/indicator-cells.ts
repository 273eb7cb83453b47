import { shortText, type CellValue } from './ledger-values.js';
import type { WorkbookIndicator } from './indicator-workbook.js';

// Reading single cells of an indicator workbook: which catalogue indicator a name means, which unit
// a header or cell states and how it converts, and the number (or the missing mark) a cell holds.

/**
 * Names offices use for the catalogue's indicators besides the catalogue's own (merged with the
 * catalogue's `aliases`). Compared after white space, brackets, ordinals and 全社会/全县/本级 go.
 */
export const INDICATOR_ALIASES: Record<string, string[]> = {
  gdp: ['GDP', '地区生产总值(GDP)', '生产总值', '地区GDP'],
  population: ['年末常住人口', '常住人口数', '户籍人口'],
  public_budget_expenditure: ['一般公共预算支出', '地方一般公共预算支出', '财政一般公共预算支出', '公共财政预算支出'],
  fiscal_st_expenditure: ['财政科学技术支出', '财政科技支出', '地方财政科技支出', '科学技术支出', '财政科技投入'],
  fiscal_st_share: ['财政科技支出占比', '财政科技支出占一般公共预算支出比重', '财政科学技术支出占比', '财政科技支出占公共财政支出比重'],
  rd_expenditure: ['R&D经费支出', '研发经费支出', 'R&D经费内部支出', '研究与试验发展经费支出', 'R&D经费投入', '研发经费投入', '研发投入'],
  rd_intensity: ['R&D经费投入强度', '研发投入强度', '研发经费投入强度', 'R&D投入强度', 'R&D经费支出占GDP比重', '研究与试验发展经费投入强度', 'R&D强度'],
  hitech_enterprises: ['高新技术企业', '高新技术企业数量', '国家高新技术企业数', '有效期内高新技术企业数'],
  tech_smes: ['科技型中小企业', '入库科技型中小企业数', '科技型中小企业入库数', '科技型中小企业数量'],
  hitech_revenue: ['高新技术产业营收', '高新技术产业营业收入额', '高新技术产业主营业务收入'],
  tech_contract_turnover: ['技术合同登记成交额', '技术合同交易额', '技术交易额', '技术合同成交金额'],
  invention_patents: ['有效发明专利', '有效发明专利拥有量', '有效发明专利数量', '发明专利拥有量'],
  invention_patents_per_10k: ['每万人口有效发明专利拥有量', '万人有效发明专利拥有量', '每万人发明专利拥有量', '每万人口发明专利拥有量'],
  st_commissioners: ['科技特派员数', '科技特派员', '县级以上科技特派员', '科技特派员人数'],
  innovation_platforms: ['科技创新平台数', '创新平台', '科技创新平台', '创新平台数量'],
  st_progress_contribution: ['科技进步贡献率'],
  energy_per_gdp: ['万元GDP能耗', '单位GDP能耗', '万元地区生产总值能耗', '单位地区生产总值能耗', '万元GDP综合能耗'],
};

// ── text ───────────────────────────────────────────────────────────────────────────────────────

/** Every full-width ASCII form (digits, letters, ＆, （）, ：, ％) → ASCII; ideographic space → space. */
export function asciiOf(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export const compact = (s: string) => asciiOf(s).replace(/\s+/g, '');

/** "1.", "（一）", "一、", "其中：" in front of a name go. */
const ORDINAL = /^(\d+[.、)]|\(\d+\)|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|其中[:：]?|[:：])+/;
const NAME_PREFIX = /^(全社会|全县|全区|本县|本区|县级|区级|本级|县域|区域)/;
const NAME_SUFFIX = /(数量|总数|个数|数|总额|额)$/;

/** A name's comparable forms: as written, without the prefix, without the counting suffix. */
function nameKeys(name: string): string[] {
  const base = compact(name)
    .replace(/\([^)]*\)/g, '')
    .replace(ORDINAL, '')
    .replace(/[:：*]$/, '')
    .toUpperCase();
  const noPrefix = base.replace(NAME_PREFIX, '');
  return [...new Set([base, noPrefix, base.replace(NAME_SUFFIX, ''), noPrefix.replace(NAME_SUFFIX, '')].filter((k) => k.length >= 2))];
}

/** The catalogue's names and aliases by every comparable form; a form two indicators share names neither. */
export function nameIndex(catalogue: WorkbookIndicator[], normalise: (s: string) => string): Map<string, WorkbookIndicator | null> {
  const index = new Map<string, WorkbookIndicator | null>();
  // Exact names first, so that an alias's shortened form never hides another indicator's name.
  const passes = [(e: WorkbookIndicator) => [e.name], (e: WorkbookIndicator) => [...(e.aliases ?? []), ...(INDICATOR_ALIASES[e.code] ?? [])]];
  for (const names of passes) {
    const seen = new Map<string, WorkbookIndicator | null>();
    for (const entry of catalogue) {
      for (const name of names(entry)) {
        for (const key of nameKeys(normalise(name))) {
          if (index.has(key)) continue;
          const prior = seen.get(key);
          seen.set(key, prior === undefined || prior === entry ? entry : null);
        }
      }
    }
    for (const [k, v] of seen) index.set(k, v);
  }
  return index;
}

export function matchName(index: Map<string, WorkbookIndicator | null>, text: string): WorkbookIndicator | null {
  for (const key of nameKeys(text)) {
    const hit = index.get(key);
    if (hit) return hit;
  }
  return null;
}

// ── units ──────────────────────────────────────────────────────────────────────────────────────

/** Units that convert into one another, with their size in the family's smallest unit. */
const UNIT_FAMILIES: Record<string, number>[] = [
  { 元: 1, 千元: 1e3, 万元: 1e4, 百万元: 1e6, 亿元: 1e8 },
  { 人: 1, 名: 1, 人次: 1, 万人: 1e4 },
  { 个: 1, 家: 1, 件: 1, 项: 1, 户: 1, 所: 1, 座: 1 },
  { '%': 1 },
];

/** A unit as written → its canonical form: 万 → 万元 (or 万人), ％ → %, brackets and 单位： gone. */
function canonicalUnit(raw: string, target: string): string {
  let u = compact(raw)
    .replace(/^\(|\)$/g, '')
    .replace(/^(计量)?单位[:：]?/, '');
  if (u === '百分比' || u === '百分点') u = '%';
  if (/^[千万亿]$/.test(u) || u === '百万') {
    const fam = familyOf(compact(target));
    u += fam && '人' in fam ? '人' : '元';
  }
  return u;
}

export function familyOf(unit: string): Record<string, number> | undefined {
  return UNIT_FAMILIES.find((f) => unit in f);
}

/** Whether a bracketed note in a header names a unit (`（万元）`) rather than qualifying the name (`（县级以上）`). */
export function isUnitWord(s: string, catalogueUnits: Set<string>): boolean {
  const u = canonicalUnit(s, '');
  if (!u || u.length > 10 || /\d/.test(u)) return false;
  return catalogueUnits.has(u) || familyOf(u) !== undefined || /^[千万亿]?(元|人|个|家|件|项|户|吨|公斤|千瓦时|平方米|公顷|亩|%)/.test(u) || /\//.test(u);
}

type Converted = { ok: true; value: number } | { ok: false; code: 'INDICATOR_BAD_UNIT'; message: string };

export function convert(value: number, from: string | null, entry: WorkbookIndicator): Converted {
  const to = compact(entry.unit);
  if (from === null) return { ok: true, value };
  const u = canonicalUnit(from, entry.unit);
  if (u === to) return { ok: true, value };
  const fam = familyOf(to);
  if (fam && u in fam) return { ok: true, value: tidy((value * fam[u]) / fam[to]) };
  const known = familyOf(u) !== undefined;
  return {
    ok: false,
    code: 'INDICATOR_BAD_UNIT',
    message: known ? `单位“${from}”与指标“${entry.name}”的单位“${entry.unit}”不符，无法换算` : `无法识别的单位“${from}”（指标“${entry.name}”以${entry.unit}计）`,
  };
}

/** Float noise from a conversion (118.2 × 10000) goes; 12 significant digits stay. */
const tidy = (v: number) => Number(v.toPrecision(12));

// ── values ─────────────────────────────────────────────────────────────────────────────────────

const MISSING = /^(-+|—+|–+|_+|\/|无|空|暂无|没有|不适用|不涉及|缺|未统计|N\/?A|NULL|…+|\.{2,}|\*)$/i;

export type ReadValue =
  { kind: 'missing' } | { kind: 'ok'; value: number } | { kind: 'bad'; code: 'INDICATOR_BAD_VALUE' | 'INDICATOR_BAD_UNIT' | 'INDICATOR_NEGATIVE'; message: string };

/**
 * One figure's cell → the value in the catalogue's unit. A unit written in the cell wins over the
 * row's or column's (`statedUnit`); a bare number takes the stated one, else the catalogue's.
 */
export function readValue(v: CellValue, entry: WorkbookIndicator, statedUnit: string | null, normalise: (s: string) => string = (s) => s): ReadValue {
  if (v === null || v === undefined) return { kind: 'missing' };
  let amount: number;
  let unit = statedUnit;
  let raw = String(v);
  if (typeof v === 'number') {
    amount = v;
  } else if (typeof v === 'string') {
    raw = shortText(v);
    const s = compact(normalise(raw));
    if (s === '' || MISSING.test(s)) return { kind: 'missing' };
    // Thousands separators: 2,640 and 1,234,567.8 (a comma elsewhere is no number).
    const t = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?/.test(s) ? s.replace(/,(?=\d{3}(\D|$))/g, '') : s;
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:E[+-]?\d+)?)(.*)$/i.exec(t);
    if (!m) return { kind: 'bad', code: 'INDICATOR_BAD_VALUE', message: `“${raw}”不是数值（指标“${entry.name}”以${entry.unit}计）` };
    amount = Number(m[1]);
    if (m[2]) unit = m[2];
  } else {
    return { kind: 'bad', code: 'INDICATOR_BAD_VALUE', message: `“${v instanceof Date ? '日期' : raw}”不是数值（指标“${entry.name}”以${entry.unit}计）` };
  }
  if (!Number.isFinite(amount)) return { kind: 'bad', code: 'INDICATOR_BAD_VALUE', message: `“${raw}”不是有限的数值` };
  const c = convert(amount, unit, entry);
  if (!c.ok) return { kind: 'bad', code: c.code, message: c.message };
  if (c.value < 0 && entry.nonNegative !== false) return { kind: 'bad', code: 'INDICATOR_NEGATIVE', message: `指标“${entry.name}”不能为负数（${raw}）` };
  return { kind: 'ok', value: c.value };
}

/** A header cell naming a year: 2019, 2019年, 2019年度, 2023年（快报）. `final` when it says so, null when silent. */
export function yearOf(v: CellValue): { year: number; final: boolean | null } | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1900 && v <= 2200 ? { year: v, final: null } : null;
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})(?:年度?)?(?:\(?(快报|初步|初步核算|预计|预估|年报|正式|终审|最终|核定)数?\)?)?$/.exec(compact(v));
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2200) return null;
  return { year, final: m[2] ? /年报|正式|终审|最终|核定/.test(m[2]) : null };
}
