import { describe, expect, it } from 'vitest';
import { cellAddress, chooseSheet, columnIndex, columnLetter, countOf, findHeader, parseLedger, totalRowOf, type Grid } from './ledger-parse.js';
import type { CellValue } from './ledger-values.js';

const across = (text: string, width: number): CellValue[] => Array.from({ length: width }, () => text);

/** The office layout: title, 填报 line, header, section rows, numbered items, signature. */
function sectionLedger(): Grid {
  const w = 9;
  return {
    name: '台账',
    rows: [
      across('2025年度 广元市科学技术局 旺苍县人民政府 局县科技会商议定事项台账', w),
      across('填报单位：旺苍县经济信息化和科学技术局    填报日期：2026年1月5日', w),
      [],
      ['序号', '事项名称', '主要内容及目标', '领域', '牵头单位', '配合单位', '完成时限', '支持资金', '进展情况'],
      across('一、市局直接支持事项（2项）', w),
      [1, '甲事项', '内容甲', '高新技术', '市科技局高新技术科', '县经济信息化和科学技术局、县农业农村局', '年底前', '50万元', '已完成方案'],
      [2, '乙事项', '内容乙', '农业农村', '市科技局农村科技科', '县农业农村局', '上半年', '0.05亿元', '未启动'],
      across('二、局县共同推动事项（1项）', w),
      [1, '丙事项', '内容丙', '综合', '县人民政府', '市科技局', '长期', '/', ''],
      across('三、局县共同争取事项（1项）', w),
      [1, '丁事项', '内容丁', '综合', '县人民政府', '市科技局', '尽快', '约100万', ''],
      ['合计', '', '', '', '', '', '', '150万元', ''],
      [],
      ['填表人：张明    联系电话：0839-1234567'],
      ['注：资金单位为万元'],
    ],
  };
}

describe('header and layout', () => {
  it('reads section headings, counts and skips totals, blanks, signatures and notes', () => {
    const p = parseLedger(sectionLedger())!;
    expect(p.headerRow).toBe(4);
    expect(p.ledgerYear).toBe(2025);
    expect(p.items.map((i) => [i.row, i.category, i.title])).toEqual([
      [6, 'direct_support', '甲事项'],
      [7, 'direct_support', '乙事项'],
      [9, 'joint_promotion', '丙事项'],
      [11, 'joint_pursuit', '丁事项'],
    ]);
    const [a, b, c, d] = p.items;
    expect(a).toMatchObject({
      deadline: '2025-12-31',
      fundingWan: 50,
      leadUnit: '市科技局高新技术科',
      coUnits: ['县经济信息化和科学技术局', '县农业农村局'],
      progressNote: '已完成方案',
      status: null,
      domain: '高新技术',
    });
    expect(b).toMatchObject({ deadline: '2025-06-30', fundingWan: 500, status: 'not_started', progressNote: null });
    expect(c).toMatchObject({ deadline: null, ongoing: true, fundingWan: null });
    expect(d).toMatchObject({ deadline: null, fundingWan: null, unread: ['deadline', 'funding'] });
    expect(p.problems).toEqual([
      { cell: 'G11', code: 'LEDGER_BAD_DEADLINE', message: '无法识别的完成时限“尽快”' },
      { cell: 'H11', code: 'LEDGER_BAD_FUNDING', message: expect.stringContaining('约100万') },
    ]);
  });

  it('finds the header anywhere in the first ten rows, with synonyms in any order and a category column', () => {
    const grid: Grid = {
      name: 'Sheet2',
      rows: [
        ['某县科技会商事项清单'],
        ['单位：万元'],
        [],
        [],
        [],
        [],
        ['牵头部门', '任务名称', '事项类别', '所属领域', '协办单位', '时限要求', '资金', '推进状态', '当前进展', '工作内容'],
        ['县科技局', '任务一', '直接支持类', '综合', '市科技局；县财政局', '2025/12/31', 30, '进行中', '已开工', '内容一'],
        ['县科技局', '任务二', '推动类', '综合', '市科技局', '2025年第三季度', '', '滞后', '', '内容二'],
        ['县科技局', '任务三', '争取类', '综合', '', '2026年', '800000元', '一切顺利', '', '内容三'],
        ['县科技局', '任务四', '其他类', '综合', '', '', '', '', '', ''],
      ],
    };
    const p = parseLedger(grid, { defaultYear: 2025 })!;
    expect(p.headerRow).toBe(7);
    expect(p.columns).toMatchObject({ leadUnit: 0, title: 1, category: 2, domain: 3, coUnits: 4, deadline: 5, funding: 6, status: 7, progress: 8, content: 9 });
    expect(p.items.map((i) => i.category)).toEqual(['direct_support', 'joint_promotion', 'joint_pursuit', null]);
    expect(p.items[0]).toMatchObject({
      coUnits: ['市科技局', '县财政局'],
      deadline: '2025-12-31',
      fundingWan: 30,
      status: 'in_progress',
      progressNote: '已开工',
      content: '内容一',
    });
    expect(p.items[1]).toMatchObject({ deadline: '2025-09-30', fundingWan: null, status: 'delayed' });
    // Not a status word: it stays as text in the progress note.
    expect(p.items[2]).toMatchObject({ deadline: '2026-12-31', fundingWan: 80, status: null, progressNote: '一切顺利' });
    expect(p.problems).toEqual([{ cell: 'C11', code: 'LEDGER_BAD_CATEGORY', message: '无法识别的类别“其他类”' }]);
  });

  it('applies vertically merged cells to every row they span (the reader fills them) and needs no 序号', () => {
    const grid: Grid = {
      name: 'x',
      rows: [
        ['事项', '目标任务', '责任单位', '参与单位', '完成时间', '资金（万元）'],
        ['直接支持'],
        ['A', 'a', '市科技局', '县科技局\n县财政局', '2024.12', 12],
        ['B', 'b', '市科技局', '县科技局\n县财政局', '2025年12月31日', 3.5],
      ],
    };
    const p = parseLedger(grid, { defaultYear: 2024 })!;
    expect(p.items).toHaveLength(2);
    expect(p.items.every((i) => i.leadUnit === '市科技局' && i.category === 'direct_support')).toBe(true);
    expect(p.items[1].coUnits).toEqual(['县科技局', '县财政局']);
    expect(p.items.map((i) => [i.deadline, i.fundingWan])).toEqual([
      ['2024-12-31', 12],
      ['2025-12-31', 3.5],
    ]);
  });

  it('reads a two-row header (a merged group over 牵头/配合) and headings with the ordinal in its own cell', () => {
    const grid: Grid = {
      name: 's',
      rows: [
        ['局县会商事项推进台账'],
        ['序号', '事项名称', '计划完成时间', '责任单位', '责任单位', '市级支持资金（万元）', '截至目前进展情况'],
        ['序号', '事项名称', '计划完成时间', '牵头单位', '配合单位', '市级支持资金（万元）', '截至目前进展情况'],
        ['一', '局县共同争取事项'],
        [1, '甲', '2025年第二季度', '某局', '乙局、丙局', 5, '进行中'],
        ['（二）', '直接支持'],
        [1, '乙', '2025.3', '某局', '', '', ''],
        ['小计', '', '', '', '', 5, ''],
      ],
    };
    const p = parseLedger(grid, { defaultYear: 2025 })!;
    expect(p.headerRow).toBe(3);
    expect(p.columns).toMatchObject({ seq: 0, title: 1, deadline: 2, leadUnit: 3, coUnits: 4, funding: 5, progress: 6 });
    expect(p.items.map((i) => [i.category, i.title, i.deadline, i.fundingWan, i.status, i.coUnits.length])).toEqual([
      ['joint_pursuit', '甲', '2025-06-30', 5, 'in_progress', 2],
      ['direct_support', '乙', '2025-03-31', null, null, 0],
    ]);
    expect(p.problems).toEqual([]);
  });

  it('takes the funding unit from the header or a note', () => {
    const base = (head: string, note?: string): Grid => ({
      name: 's',
      rows: [...(note ? [[note]] : []), ['事项名称', '主要内容', '牵头单位', head], [`${'直接支持'}`], ['甲', '', '某局', 800000]],
    });
    expect(parseLedger(base('资金（元）'))!.items[0].fundingWan).toBe(80);
    expect(parseLedger(base('金额', '资金单位：元'))!.items[0].fundingWan).toBe(80);
    expect(parseLedger(base('金额', '资金单位：万元'))!.items[0].fundingWan).toBe(800000);
    const yi = parseLedger(base('支持资金（亿元）'))!;
    expect(yi.items[0].fundingWan).toBeNull();
    expect(yi.problems).toEqual([{ cell: 'D3', code: 'LEDGER_BAD_FUNDING', message: expect.stringContaining('超出上限') }]);
  });

  it('takes the year from the title, then the consultation', () => {
    const grid = (title: string): Grid => ({ name: 's', rows: [[title], ['事项名称', '牵头单位', '完成时限'], ['共同争取'], ['甲', '某局', '年底前']] });
    expect(parseLedger(grid('2023年会商事项台账'))!.items[0].deadline).toBe('2023-12-31');
    expect(parseLedger(grid('会商事项台账'), { defaultYear: 2026 })!.items[0].deadline).toBe('2026-12-31');
    const p = parseLedger(grid('会商事项台账'))!;
    expect(p.items[0].deadline).toBeNull();
    expect(p.problems).toEqual([{ cell: 'C4', code: 'LEDGER_DEADLINE_NO_YEAR', message: expect.stringContaining('未写年份') }]);
  });

  it('marks rows without a category and rows without a title with their cell', () => {
    const grid: Grid = { name: 's', rows: [['事项名称', '牵头单位', '完成时限'], ['甲', '某局', '2025年'], ['', '某局', '2025年'], ['四、其他事项'], ['乙', '某局', '2025年']] };
    const p = parseLedger(grid)!;
    expect(p.items.map((i) => i.category)).toEqual([null, null]);
    expect(p.problems.map((x) => [x.cell, x.code])).toEqual([
      ['A2', 'LEDGER_CATEGORY_MISSING'],
      ['A3', 'LEDGER_TITLE_MISSING'],
      ['A4', 'LEDGER_UNKNOWN_SECTION'],
      ['A5', 'LEDGER_CATEGORY_MISSING'],
    ]);
    const fixed = parseLedger(grid, { categories: { 2: 'joint_pursuit', 5: 'direct_support' } })!;
    expect(fixed.items.map((i) => i.category)).toEqual(['joint_pursuit', 'direct_support']);
    expect(fixed.problems.map((x) => x.code)).toEqual(['LEDGER_TITLE_MISSING', 'LEDGER_UNKNOWN_SECTION']);
    const bySection = parseLedger(grid, { categories: { 2: 'joint_pursuit', 4: 'joint_promotion' } })!;
    expect(bySection.items.map((i) => i.category)).toEqual(['joint_pursuit', 'joint_promotion']);
    expect(bySection.problems.map((x) => x.code)).toEqual(['LEDGER_TITLE_MISSING']);
  });

  it('lets the caller override the column mapping', () => {
    const grid: Grid = { name: 's', rows: [['事项名称', '牵头单位', '备用', '资金'], ['直接支持类'], ['甲', '某局', '2025年', '9']] };
    expect(parseLedger(grid)!.items[0].deadline).toBeNull();
    const p = parseLedger(grid, { columns: { deadline: 2, funding: null } })!;
    expect(p.items[0]).toMatchObject({ deadline: '2025-12-31', fundingWan: null });
  });

  it('matches traditional headers through the normaliser', () => {
    const t2s: Record<string, string> = { 事項名稱: '事项名称', 牽頭單位: '牵头单位', 完成時限: '完成时限', 直接支持類: '直接支持类' };
    const grid: Grid = { name: 's', rows: [['事項名稱', '牽頭單位', '完成時限'], ['直接支持類'], ['甲', '某局', '2025年']] };
    expect(parseLedger(grid)).toBeNull();
    const p = parseLedger(grid, { normalise: (s) => t2s[s] ?? s })!;
    expect(p.items[0]).toMatchObject({ title: '甲', category: 'direct_support', deadline: '2025-12-31' });
  });

  it('finds no header where none is, and picks the most ledger-like sheet', () => {
    const notes: Grid = { name: '填表说明', rows: [['填表说明'], ['1. 事项名称写全称'], ['2. 资金单位：万元']] };
    const totals: Grid = {
      name: '汇总',
      rows: [
        ['类别', '事项名称', '数量'],
        ['直接支持', '合计', 2],
      ],
    };
    expect(findHeader(notes)).toBeNull();
    expect(parseLedger(notes)).toBeNull();
    const ledger = sectionLedger();
    expect(chooseSheet([notes, totals, ledger])!.name).toBe('台账');
    expect(chooseSheet([notes, totals, ledger], '汇总')!.name).toBe('汇总');
    expect(chooseSheet([notes, ledger], '不存在')).toBeNull();
    expect(chooseSheet([notes])).toBeNull();
  });
});

describe('totals rows', () => {
  const head = ['序号', '事项名称', '类别', '领域', '牵头单位', '完成时限'];
  const item = (n: number, title = `事项${n}`): CellValue[] => [n, title, '直接支持', '综合', '某局', '2025年'];
  const columns = { seq: 0, title: 1, category: 2, domain: 3, leadUnit: 4, deadline: 5 };

  it('knows a totals row by its 序号, 类别 or 事项名称 cell, with or without spaces, and reads the count it states', () => {
    expect(totalRowOf(['', '20项', '合计', '', '', ''], columns)).toEqual({ kind: 'total', word: '合计', column: 2, stated: { count: 20, column: 1 } });
    expect(totalRowOf(['', '共30项', '合 计'], columns)).toMatchObject({ kind: 'total', stated: { count: 30, column: 1 } });
    expect(totalRowOf(['总  计', '（共５项）'], columns)).toMatchObject({ kind: 'total', word: '总计', column: 0, stated: { count: 5, column: 1 } });
    expect(totalRowOf(['小计', '', '', '', '', ''], columns)).toEqual({ kind: 'subtotal', word: '小计', column: 0, stated: null });
    expect(totalRowOf(['', '合计：二十项', '', '', '', ''], columns)).toMatchObject({ kind: 'total', column: 1, stated: { count: 20, column: 1 } });
    expect(totalRowOf(['', '合计（3项）', '', '', '', '150万元'], columns)).toMatchObject({ stated: { count: 3, column: 1 } });
    expect(totalRowOf(['', '', '', '', '合计12项'], {})).toMatchObject({ kind: 'total', column: 4, stated: { count: 12, column: 4 } });
    // Traditional characters through the normaliser.
    expect(totalRowOf(['合計', '3項'], columns, (s) => s.replace('計', '计').replace('項', '项'))).toMatchObject({ kind: 'total', stated: { count: 3 } });
  });

  it('takes no item whose title merely contains the word for a total', () => {
    expect(totalRowOf(item(1, '推动两县合计新增科技型企业20家'), columns)).toBeNull();
    expect(totalRowOf(item(2, '合计完成技术合同登记额1亿元'), columns)).toBeNull();
    expect(totalRowOf(item(3, '总计划投资5亿元的产业园建设'), columns)).toBeNull();
    expect(totalRowOf(item(4, '小计量器具检定服务'), columns)).toBeNull();
    // Another column mentioning a total is not the row's label.
    expect(totalRowOf([5, '科技特派员服务', '直接支持', '综合', '某局', '合计：2025年'], columns)).toBeNull();
  });

  it('reads counts in digits and Chinese numerals', () => {
    expect([countOf('20'), countOf('十'), countOf('二十'), countOf('三十五'), countOf('一百零二'), countOf('两')]).toEqual([20, 10, 20, 35, 102, 2]);
    expect([countOf(''), countOf('若干'), countOf('2a')]).toEqual([null, null, null]);
  });

  it('leaves a totals row out of the items, lists it with its reason, and warns when its count disagrees with the sheet', () => {
    const grid: Grid = { name: 's', rows: [head, item(1), item(2, '推动两县合计新增科技型企业20家'), item(3), ['', '20项', '合 计', '', '', '']] };
    const p = parseLedger(grid)!;
    expect(p.items.map((i) => i.title)).toEqual(['事项1', '推动两县合计新增科技型企业20家', '事项3']);
    expect(p.skippedRows).toEqual([{ row: 5, kind: 'total', reason: '合计行，不是事项' }]);
    expect(p.problems).toEqual([{ cell: 'B5', code: 'LEDGER_TOTAL_MISMATCH', message: '合计行写明 20 项，但本表有 3 个事项，请核对' }]);
    // The category cell 合计 is not read as a category the importer cannot recognise.
    expect(p.problems.map((x) => x.code)).not.toContain('LEDGER_BAD_CATEGORY');
  });

  it('says nothing more when the count agrees or none is stated', () => {
    const agrees = parseLedger({ name: 's', rows: [head, item(1), item(2), ['', '共2项', '合计']] })!;
    expect(agrees.items).toHaveLength(2);
    expect(agrees.skippedRows).toEqual([{ row: 4, kind: 'total', reason: '合计行，不是事项' }]);
    expect(agrees.problems).toEqual([]);
    // A total above the items counts the whole sheet too.
    expect(parseLedger({ name: 's', rows: [head, ['总计', '2项'], item(1), item(2)] })!.problems).toEqual([]);
    const bare = parseLedger(sectionLedger())!;
    expect(bare.skippedRows).toEqual([{ row: 12, kind: 'total', reason: '合计行，不是事项' }]);
  });

  it('checks a 小计 against its own section, and a 合计 after subtotals against the whole sheet', () => {
    const w = head.length;
    const grid: Grid = {
      name: 's',
      rows: [
        ['序号', '事项名称', '领域', '牵头单位', '完成时限'],
        across('一、市局直接支持事项（2项）', w),
        [1, '甲', '综合', '某局', '2025年'],
        [2, '乙', '综合', '某局', '2025年'],
        ['小计', '2项'],
        across('二、局县共同推动事项（2项）', w),
        [1, '丙', '综合', '某局', '2025年'],
        ['小 计', '共2项'],
        ['合计', '4项'],
      ],
    };
    const p = parseLedger(grid)!;
    expect(p.items.map((i) => [i.title, i.category])).toEqual([
      ['甲', 'direct_support'],
      ['乙', 'direct_support'],
      ['丙', 'joint_promotion'],
    ]);
    expect(p.skippedRows).toEqual([
      { row: 5, kind: 'subtotal', reason: '小计行，不是事项' },
      { row: 8, kind: 'subtotal', reason: '小计行，不是事项' },
      { row: 9, kind: 'total', reason: '合计行，不是事项' },
    ]);
    expect(p.problems).toEqual([
      { cell: 'B8', code: 'LEDGER_TOTAL_MISMATCH', message: '小计行写明 2 项，但本组有 1 个事项，请核对' },
      { cell: 'B9', code: 'LEDGER_TOTAL_MISMATCH', message: '合计行写明 4 项，但本表有 3 个事项，请核对' },
    ]);
  });
});

describe('cell addresses', () => {
  it('names columns and cells as Excel does', () => {
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(25)).toBe('Z');
    expect(columnLetter(26)).toBe('AA');
    expect(columnIndex('AA')).toBe(26);
    expect(cellAddress(11, 6)).toBe('G12');
  });
});
