import { describe, expect, it } from 'vitest';
import { halfWidth, parseCategory, parseDeadline, parseFunding, parseStatus, splitUnits } from './ledger-values.js';

const date = (v: Parameters<typeof parseDeadline>[0], year: number | null = 2024) => {
  const r = parseDeadline(v, year);
  return r.ok ? (r.ongoing ? 'ongoing' : r.deadline) : r.code;
};

describe('deadlines', () => {
  it('reads Excel dates and serial numbers', () => {
    expect(date(new Date(Date.UTC(2025, 11, 31)))).toBe('2025-12-31');
    expect(date(45657)).toBe('2024-12-31');
    expect(date(45657.5)).toBe('2024-12-31');
    expect(date('45657')).toBe('2024-12-31');
  });
  it.each([
    ['2024-12-31', '2024-12-31'],
    ['2024/12/31', '2024-12-31'],
    ['2024.12', '2024-12-31'],
    ['2024.2', '2024-02-29'],
    ['2025/2', '2025-02-28'],
    ['2024年12月31日', '2024-12-31'],
    ['2024年12月', '2024-12-31'],
    ['2025年6月', '2025-06-30'],
    ['2024年12月底前', '2024-12-31'],
    ['2024年11月30日前', '2024-11-30'],
    ['2024年10月底', '2024-10-31'],
    ['2024年底', '2024-12-31'],
    ['2024年底前', '2024-12-31'],
    ['2025年上半年', '2025-06-30'],
    ['2025年下半年', '2025-12-31'],
    ['2025年第三季度', '2025-09-30'],
    ['2025年一季度', '2025-03-31'],
    ['2025年第4季度末', '2025-12-31'],
    ['2026年', '2026-12-31'],
    ['2026', '2026-12-31'],
    ['２０２５年６月底前', '2025-06-30'],
    ['２０２５．１２', '2025-12-31'],
    ['2025-12-31 00:00:00', '2025-12-31'],
    ['  2025年6月底前完成\n', '2025-06-30'],
  ])('%s → %s', (text, iso) => {
    expect(date(text)).toBe(iso);
  });
  it('takes a year alone as a number', () => {
    expect(date(2026)).toBe('2026-12-31');
  });
  it.each([
    ['年底前', '2024-12-31'],
    ['年底', '2024-12-31'],
    ['上半年', '2024-06-30'],
    ['下半年', '2024-12-31'],
    ['第三季度', '2024-09-30'],
    ['6月底', '2024-06-30'],
    ['6月', '2024-06-30'],
    ['２月底前', '2024-02-29'],
    ['11月30日', '2024-11-30'],
  ])('%s without a year takes the ledger year', (text, iso) => {
    expect(date(text, 2024)).toBe(iso);
  });
  it('asks for a year when neither the cell nor the ledger has one', () => {
    expect(date('年底前', null)).toBe('LEDGER_DEADLINE_NO_YEAR');
    expect(date('2025年6月', null)).toBe('2025-06-30');
  });
  it.each(['长期', '持续推进', '持续', '  长期 '])('%s is ongoing', (text) => {
    expect(parseDeadline(text, 2024)).toEqual({ ok: true, deadline: null, ongoing: true });
  });
  it('empty is no deadline', () => {
    expect(parseDeadline('', 2024)).toEqual({ ok: true, deadline: null, ongoing: false });
    expect(parseDeadline(null, 2024)).toEqual({ ok: true, deadline: null, ongoing: false });
  });
  it.each(['尽快', '2024年13月', '2025-02-30', '2024年第五季度', 'abc', '3', true])('%s is unreadable', (v) => {
    const r = parseDeadline(v as string, 2024);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('LEDGER_BAD_DEADLINE');
      expect(r.message).toMatch(/完成时限/);
    }
  });
});

describe('funding', () => {
  const wan = (v: Parameters<typeof parseFunding>[0], unit?: Parameters<typeof parseFunding>[1]) => {
    const r = parseFunding(v, unit);
    return r.ok ? r.fundingWan : r.code;
  };
  it.each([
    [50, 50],
    ['50', 50],
    ['50万', 50],
    ['50万元', 50],
    ['５０万元', 50],
    ['0.05亿元', 500],
    ['1.2亿', 12000],
    ['800000元', 80],
    ['1,000万元', 1000],
    ['12.5 万元', 12.5],
    ['人民币30万元', 30],
  ])('%s → %s 万元', (v, expected) => {
    expect(wan(v)).toBe(expected);
  });
  it.each(['/', '—', '——', '-', '无', '', '  ', null])('%s means none', (v) => {
    expect(wan(v)).toBeNull();
  });
  it('applies the unit of the header or note to bare numbers, never to stated ones', () => {
    expect(wan(800000, 'yuan')).toBe(80);
    expect(wan('800000', 'yuan')).toBe(80);
    expect(wan('2', 'yi')).toBe(20000);
    expect(wan('50万元', 'yuan')).toBe(50);
  });
  it.each(['约50万元', '五十万', '50美元', '待定'])('%s is unreadable', (v) => {
    expect(wan(v)).toBe('LEDGER_BAD_FUNDING');
  });
  it('refuses amounts beyond the limit', () => {
    expect(wan('99999亿元')).toBe('LEDGER_BAD_FUNDING');
  });
});

describe('units, statuses, categories', () => {
  it('splits units on 、，,；; and line breaks', () => {
    expect(splitUnits('县经济信息化和科学技术局、县农业农村局')).toEqual(['县经济信息化和科学技术局', '县农业农村局']);
    expect(splitUnits('甲局，乙局,丙局；丁局;戊局\n己局\r\n庚局')).toEqual(['甲局', '乙局', '丙局', '丁局', '戊局', '己局', '庚局']);
    expect(splitUnits(' 甲局 、、甲局 ')).toEqual(['甲局']);
    expect(splitUnits('/')).toEqual([]);
    expect(splitUnits(null)).toEqual([]);
  });
  it.each([
    ['未启动', 'not_started'],
    ['进行中', 'in_progress'],
    ['推进中', 'in_progress'],
    ['已完成', 'completed'],
    ['完成', 'completed'],
    ['延期', 'delayed'],
    ['滞后', 'delayed'],
    ['已取消', 'cancelled'],
    ['已完成方案编制', null],
  ])('status %s → %s', (text, status) => {
    expect(parseStatus(text)).toBe(status);
  });
  it.each([
    ['直接支持', 'direct_support'],
    ['市局直接支持事项', 'direct_support'],
    ['直接支持类', 'direct_support'],
    ['一、市局直接支持事项（10项）', 'direct_support'],
    ['共同推动', 'joint_promotion'],
    ['局县共同推动事项', 'joint_promotion'],
    ['共同推动类', 'joint_promotion'],
    ['推动类', 'joint_promotion'],
    ['（二）局县共同推动事项(8项)', 'joint_promotion'],
    ['共同争取', 'joint_pursuit'],
    ['局县共同争取事项', 'joint_pursuit'],
    ['争取类', 'joint_pursuit'],
    ['三、局县共同争取事项（10项）', 'joint_pursuit'],
    ['joint_pursuit', 'joint_pursuit'],
    ['其他事项', null],
  ])('category %s → %s', (text, category) => {
    expect(parseCategory(text)).toBe(category);
  });
  it('turns full-width digits and date marks into ASCII but keeps Chinese punctuation', () => {
    expect(halfWidth('２０２５．１２／３１')).toBe('2025.12/31');
    expect(halfWidth('甲，乙：（丙）')).toBe('甲，乙：（丙）');
  });
});
