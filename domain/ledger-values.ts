import type { Category, ItemStatus } from './items.js';
import { LIMITS } from './common.js';

/**
 * Reading single ledger cells as offices type them: dates in a dozen forms, money in 元/万元/亿元,
 * units run together in one cell, status words. Pure functions: the parser and its tests share them.
 */

/** A cell value as the grid reader hands it over. */
export type CellValue = string | number | boolean | Date | null;

/** Full-width digits, letters and the punctuation that travels with numbers and dates → ASCII. */
export function halfWidth(s: string): string {
  if (!/[\uff01-\uff5e\u3000]/.test(s)) return s;
  return s
    .replace(/[\uff01-\uff5e]/g, (ch) => {
      const c = ch.charCodeAt(0) - 0xfee0;
      const ascii = String.fromCharCode(c);
      // Chinese punctuation inside text (，：（）；) stays: only digits, letters and date marks convert.
      return /[0-9A-Za-z./\-+%]/.test(ascii) ? ascii : ch;
    })
    .replace(/\u3000/g, ' ');
}

/** Text of a cell: trimmed, line breaks and runs of white space inside short fields collapsed. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return isoOf(v) ?? '';
  return String(v).replace(/\r\n?/g, '\n').trim();
}

export function shortText(v: CellValue): string {
  const text = cellText(v);
  // Most cells have nothing to collapse; the replacements below would return them unchanged.
  if (!/[\n\t\u3000]| {2}/.test(text)) return text;
  return text
    .replace(/\s*\n\s*/g, '')
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
}

function isoOf(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  // Spreadsheet dates carry no zone: the reader builds them at UTC midnight.
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function ymd(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > lastDay(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

function numberOf(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : (CN_NUM[s] ?? NaN);
}

export type DeadlineResult = { ok: true; deadline: string | null; ongoing: boolean } | { ok: false; code: 'LEDGER_BAD_DEADLINE' | 'LEDGER_DEADLINE_NO_YEAR'; message: string };

const ONGOING = /^(长期|长期坚持|长期推进|持续|持续推进|持续开展|常态化|常态化推进)$/;

/** Days between Excel's day zero (1899-12-30, leap-year bug included) and 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * One deadline cell → a date, ongoing, or a reason. A month means its last day, a quarter its last day,
 * a half-year June 30 or December 31, a year December 31; forms without a year take `ledgerYear`.
 */
export function parseDeadline(v: CellValue, ledgerYear: number | null): DeadlineResult {
  const bad = (text: string): DeadlineResult => ({ ok: false, code: 'LEDGER_BAD_DEADLINE', message: `无法识别的完成时限“${text}”` });
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return { ok: true, deadline: null, ongoing: false };
  if (v instanceof Date) {
    const iso = isoOf(v);
    return iso ? { ok: true, deadline: iso, ongoing: false } : bad(String(v));
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1900 && v <= 2100) return { ok: true, deadline: `${v}-12-31`, ongoing: false };
    if (v >= 20_000 && v < 80_000) {
      const iso = isoOf(new Date((Math.floor(v) - EXCEL_EPOCH_DAYS) * 86_400_000));
      if (iso) return { ok: true, deadline: iso, ongoing: false };
    }
    return bad(String(v));
  }
  if (typeof v === 'boolean') return bad(String(v));
  const raw = shortText(v);
  let s = halfWidth(raw).replace(/\s+/g, '');
  if (ONGOING.test(s)) return { ok: true, deadline: null, ongoing: true };
  // A date serial kept as text (a cell formatted as text after the date was typed).
  if (/^\d{5}(\.\d+)?$/.test(s)) return parseDeadline(Number(s), ledgerYear);
  // A time of day after a date adds nothing.
  s = s.replace(/[T ]?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/, '');
  s = s
    .replace(/(完成|为止)$/, '')
    .replace(/(以前|之前|前)$/, '')
    .replace(/(完成|为止)$/, '');
  const m = /^(?:(\d{4})(?:年度?|[-/.]|(?=$)))?(.*)$/.exec(s);
  if (!m) return bad(raw);
  const year = m[1] ? Number(m[1]) : ledgerYear;
  const rest = m[2];
  const withYear = (f: (y: number) => string | null): DeadlineResult => {
    if (year === null) return { ok: false, code: 'LEDGER_DEADLINE_NO_YEAR', message: `完成时限“${raw}”未写年份，台账标题中也没有年份` };
    const iso = f(year);
    return iso ? { ok: true, deadline: iso, ongoing: false } : bad(raw);
  };
  if (!m[1] && rest === '') return bad(raw);
  if (/^(年?底|年?末|全年|年内|年度内|当年)?$/.test(rest)) return withYear((y) => ymd(y, 12, 31));
  if (rest === '上半年') return withYear((y) => ymd(y, 6, 30));
  if (rest === '下半年') return withYear((y) => ymd(y, 12, 31));
  let q = /^第?([一二三四1-4])季度?(末|底)?$/.exec(rest);
  if (q) {
    const quarter = numberOf(q[1]);
    return withYear((y) => ymd(y, quarter * 3, lastDay(y, quarter * 3)));
  }
  q = /^(\d{1,2}|十[一二]?|[一二三四五六七八九])(?:月份?|[-/.]?)(底|末|下旬|上旬|中旬)?$/.exec(rest);
  if (q) {
    const month = numberOf(q[1]);
    // A bare number without 月 and without a year is no date.
    if (!(month >= 1 && month <= 12) || (!m[1] && !rest.includes('月'))) return bad(raw);
    const day = (y: number) => (q![2] === '上旬' ? 10 : q![2] === '中旬' ? 20 : lastDay(y, month));
    return withYear((y) => ymd(y, month, day(y)));
  }
  q = /^(\d{1,2})(?:月|[-/.])(\d{1,2})日?$/.exec(rest);
  if (q) {
    const [month, dayOf] = [Number(q[1]), Number(q[2])];
    return withYear((y) => ymd(y, month, dayOf));
  }
  return bad(raw);
}

export type FundingUnit = 'yuan' | 'wan' | 'yi';
const TO_WAN: Record<FundingUnit, number> = { yuan: 1 / 10_000, wan: 1, yi: 10_000 };

export function unitOfWord(word: string): FundingUnit | null {
  if (/^亿元?$/.test(word)) return 'yi';
  if (/^万元?$/.test(word)) return 'wan';
  if (word === '元') return 'yuan';
  return null;
}

export type FundingResult = { ok: true; fundingWan: number | null } | { ok: false; code: 'LEDGER_BAD_FUNDING'; message: string };

const NO_FUNDING = /^(\/|／|[-—–－_]+|无|暂无|没有|不涉及|空)$/;

/**
 * One funding cell → 万元. Bare numbers take the unit the header or a note states (万元 when none is
 * stated, the offices' habit); a unit written in the cell wins.
 */
export function parseFunding(v: CellValue, defaultUnit: FundingUnit = 'wan'): FundingResult {
  const bad = (text: string): FundingResult => ({ ok: false, code: 'LEDGER_BAD_FUNDING', message: `无法识别的资金“${text}”，应为金额（如 50、50万元、0.05亿元）` });
  if (v === null || v === undefined) return { ok: true, fundingWan: null };
  let amount: number;
  let unit: FundingUnit = defaultUnit;
  if (typeof v === 'number') {
    amount = v;
  } else if (typeof v === 'string') {
    const raw = shortText(v);
    const s = halfWidth(raw)
      .replace(/[\s,，]/g, '')
      .replace(/^人民币/, '');
    if (s === '' || NO_FUNDING.test(s)) return { ok: true, fundingWan: null };
    const m = /^(\d+(?:\.\d+)?)(亿元|亿|万元|万|元)?$/.exec(s);
    if (!m) return bad(raw);
    amount = Number(m[1]);
    if (m[2]) unit = unitOfWord(m[2])!;
  } else {
    return bad(String(v));
  }
  if (!Number.isFinite(amount) || amount < 0) return bad(String(v));
  const wan = Math.round(amount * TO_WAN[unit] * 10_000) / 10_000;
  if (wan > LIMITS.fundingWanMax) return { ok: false, code: 'LEDGER_BAD_FUNDING', message: `资金 ${wan} 万元超出上限` };
  return { ok: true, fundingWan: wan };
}

/** Several units in one cell: split on 、，,；; and line breaks. */
export function splitUnits(v: CellValue): string[] {
  const text = cellText(v);
  if (!text) return [];
  const names = text
    .split(/[、，,；;\n]+/)
    .map((s) => s.replace(/\s+/g, '').trim())
    .filter((s) => s && !NO_FUNDING.test(s));
  return [...new Set(names)];
}

const STATUS_WORDS: [RegExp, ItemStatus][] = [
  [/^(未启动|未开始|尚未启动|待启动)$/, 'not_started'],
  [/^(进行中|推进中|正在推进|实施中|在建|正在实施|已启动)$/, 'in_progress'],
  [/^(已完成|完成|已办结|办结)$/, 'completed'],
  [/^(延期|滞后|逾期|进度滞后|已延期)$/, 'delayed'],
  [/^(已取消|取消|终止|已终止)$/, 'cancelled'],
];

/** A status word → the item status, or null when the cell says something else. */
export function parseStatus(v: CellValue): ItemStatus | null {
  const s = shortText(v).replace(/[。.！!]$/, '');
  for (const [re, status] of STATUS_WORDS) if (re.test(s)) return status;
  return null;
}

/**
 * A category as headings and category columns name it: 直接支持/市局直接支持事项/直接支持类,
 * 共同推动/局县共同推动事项/推动类, 共同争取/局县共同争取事项/争取类, or the stored code.
 */
export function parseCategory(v: CellValue): Category | null {
  const s = shortText(v);
  if (s === 'direct_support' || s === 'joint_promotion' || s === 'joint_pursuit') return s;
  const core = stripHeadingDecor(s);
  if (/直接支持/.test(core)) return 'direct_support';
  if (/争取/.test(core)) return 'joint_pursuit';
  if (/推动/.test(core)) return 'joint_promotion';
  return null;
}

/** "一、市局直接支持事项（10项）" → "市局直接支持事项": the ordinal and the count go. */
export function stripHeadingDecor(s: string): string {
  return halfWidth(s)
    .replace(/\s+/g, '')
    .replace(/^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．)）]|[IVX]+[、.．])/, '')
    .replace(/[（(]\s*(共)?\d+\s*(项|个|条)?\s*[)）]$/, '')
    .replace(/[:：]$/, '');
}

/** Does this text open like a section heading (一、… / （一）… / 1、…)? */
export function looksLikeHeading(s: string): boolean {
  return /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])/.test(halfWidth(s).trim());
}
