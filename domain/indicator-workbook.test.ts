import { describe, expect, it } from 'vitest';
import { parseIndicatorSheet, parseIndicatorWorkbook, readValue, yearOf, type Grid, type WorkbookIndicator } from './indicator-workbook.js';
import type { CellValue } from './ledger-values.js';

/** The catalogue of issue 10 (code, name, unit). */
const CATALOGUE: WorkbookIndicator[] = (
  [
    ['gdp', '地区生产总值', '万元'],
    ['population', '常住人口', '万人'],
    ['public_budget_expenditure', '本级一般公共预算支出', '万元'],
    ['fiscal_st_expenditure', '本级财政科学技术支出', '万元'],
    ['fiscal_st_share', '财政科技支出占比', '%'],
    ['rd_expenditure', '全社会R&D经费支出', '万元'],
    ['rd_intensity', 'R&D经费投入强度', '%'],
    ['hitech_enterprises', '高新技术企业数', '家'],
    ['tech_smes', '科技型中小企业数', '家'],
    ['hitech_revenue', '高新技术产业营业收入', '亿元'],
    ['tech_contract_turnover', '技术合同成交额', '万元'],
    ['invention_patents', '有效发明专利数', '件'],
    ['invention_patents_per_10k', '每万人有效发明专利拥有量', '件/万人'],
    ['st_commissioners', '县级以上科技特派员数', '人'],
    ['innovation_platforms', '创新平台数', '个'],
    ['st_progress_contribution', '科技进步贡献率', '%'],
    ['energy_per_gdp', '万元GDP综合能耗', '吨标准煤/万元'],
  ] as const
).map(([code, name, unit]) => ({ code, name, unit }));

const COUNTIES = [
  { code: '510802', name: '利州区' },
  { code: '510821', name: '旺苍县' },
  { code: '510822', name: '青川县' },
  { code: '510824', name: '苍溪县' },
];

const opts = { counties: COUNTIES, currentYear: 2026 };
const grid = (rows: CellValue[][], name = 'Sheet1'): Grid => ({ name, rows });
const parse = (rows: CellValue[][], o: Partial<typeof opts> & { county?: string } = {}) => parseIndicatorWorkbook([grid(rows)], CATALOGUE, { ...opts, ...o });
const byKey = (values: { indicator: string; year: number; value: number }[]) => Object.fromEntries(values.map((v) => [`${v.indicator}:${v.year}`, v.value]));

const TITLE = '旺苍县2019—2023年县域科技创新主要指标';
const FILLER = '填报单位：旺苍县经济信息化和科学技术局\u3000\u3000填报日期：2024年3月15日';

describe('indicators as rows, years as columns', () => {
  const rows: CellValue[][] = [
    Array(8).fill(TITLE),
    Array(8).fill(FILLER),
    [],
    ['序号', '指标名称', '单位', '2021年', '2022年', '２０２３年', '数据来源'],
    ['一、基础指标'],
    [1, '地区生产总值', '亿元', 133.9, 140.6, '148.3', '县统计局'],
    [2, '全社会R&D经费投入强度', '%', 0.9, '0.97%', '１.０５', '县统计局'],
    [3, '高新技术企业数（家）', null, 8, '11家', 13],
    [4, '技术合同成交额', '万元', 1630, '２１００', '2,640'],
    [5, '每万人有效发明专利拥有量', '件/万人', 1.4, '—', ''],
    [6, '县级以上科技特派员数', '人', '无', '空', 71],
    [7, '高新技术产业营业收入', '万元', 508000, '57.1亿元', 630000],
    [],
    ['注：2023年数据为快报数，以统计年鉴为准。'],
    ['填表人：李明', '', '联系电话：0839-4xxxxxx'],
  ];

  it('reads every figure into the catalogue unit, with its cell, and no problems', () => {
    const r = parse(rows);
    expect(r.problems).toEqual([]);
    expect(r.orientation).toBe('indicator_rows');
    expect(r.headerRow).toBe(4);
    expect(r.county).toEqual({ code: '510821', name: '旺苍县' });
    expect(r.countyText).toBe('旺苍县经济信息化和科学技术局');
    expect(r.countyCell).toBe('A2');
    expect(r.years).toEqual([2021, 2022, 2023]);
    expect(byKey(r.values)).toEqual({
      // 亿元 in the unit column → the catalogue's 万元
      'gdp:2021': 1_339_000,
      'gdp:2022': 1_406_000,
      'gdp:2023': 1_483_000,
      'rd_intensity:2021': 0.9,
      'rd_intensity:2022': 0.97,
      'rd_intensity:2023': 1.05,
      // the unit in the name's brackets; 11家 in the cell
      'hitech_enterprises:2021': 8,
      'hitech_enterprises:2022': 11,
      'hitech_enterprises:2023': 13,
      // full-width digits and a thousands separator
      'tech_contract_turnover:2021': 1630,
      'tech_contract_turnover:2022': 2100,
      'tech_contract_turnover:2023': 2640,
      'invention_patents_per_10k:2021': 1.4,
      'st_commissioners:2023': 71,
      // 万元 in the unit column → 亿元; a cell's own 亿元 wins
      'hitech_revenue:2021': 50.8,
      'hitech_revenue:2022': 57.1,
      'hitech_revenue:2023': 63,
    });
    expect(r.values.find((v) => v.indicator === 'gdp' && v.year === 2021)!.cell).toBe('D6');
    expect(r.values.find((v) => v.indicator === 'tech_contract_turnover' && v.year === 2023)!.cell).toBe('F9');
    expect(r.yearCells).toEqual([
      { year: 2021, cell: 'D4' },
      { year: 2022, cell: 'E4' },
      { year: 2023, cell: 'F4' },
    ]);
  });

  it('takes the 快报 note: that year is preliminary, the others final', () => {
    const r = parse(rows);
    expect(new Set(r.values.filter((v) => !v.final).map((v) => v.year))).toEqual(new Set([2023]));
    // Without the note nothing says a figure is final.
    const silent = parse(rows.filter((row) => !String(row[0] ?? '').startsWith('注')));
    expect(silent.values.every((v) => !v.final)).toBe(true);
  });

  it('reads a header of years as numbers, and 快报/年报 written in the header', () => {
    const r = parse([
      ['指标', 2022, '2023年（快报）', '2024年(年报)'],
      ['研发投入强度', 0.7, 0.8, 0.9],
    ]);
    expect(r.values.map((v) => [v.indicator, v.year, v.value, v.final])).toEqual([
      ['rd_intensity', 2022, 0.7, false],
      ['rd_intensity', 2023, 0.8, false],
      ['rd_intensity', 2024, 0.9, true],
    ]);
  });

  it('finds the years in a second header row under a merged label', () => {
    const r = parse([
      ['指标名称', '单位', '年度', '年度'],
      [null, null, 2022, 2023],
      ['地区生产总值', '亿元', 140.6, 148.3],
    ]);
    expect(byKey(r.values)).toEqual({ 'gdp:2022': 1_406_000, 'gdp:2023': 1_483_000 });
  });
});

describe('years as rows, indicators as columns', () => {
  it('reads units from the header brackets and from the cells', () => {
    const r = parse([
      [TITLE],
      ['年份', '地区生产总值（亿元）', '研发投入强度(%)', '高新技术企业数', '高新技术产业营业收入（亿元）', '科技型中小企业数', '备注'],
      ['2021年', 133.9, '0.90%', '8家', '50.8', 21, ''],
      ['２０２２', '140.6', '0.97', '11家', '5.71e1', '—', '快报'],
      [2023, '1483000万元', 1.05, 13, '630000万元', '38家', null],
      ['注：R&D经费投入强度按统计公报口径。'],
    ]);
    expect(r.problems).toEqual([]);
    expect(r.orientation).toBe('year_rows');
    expect(r.county?.code).toBe('510821');
    expect(byKey(r.values)).toMatchObject({
      'gdp:2021': 1_339_000,
      'gdp:2022': 1_406_000,
      'gdp:2023': 1_483_000,
      'rd_intensity:2021': 0.9,
      'rd_intensity:2023': 1.05,
      'hitech_enterprises:2022': 11,
      'hitech_revenue:2021': 50.8,
      'hitech_revenue:2023': 63,
      'tech_smes:2021': 21,
      'tech_smes:2023': 38,
    });
    expect(r.values.filter((v) => v.indicator === 'tech_smes')).toHaveLength(2);
    expect(r.values.find((v) => v.indicator === 'gdp' && v.year === 2023)!.cell).toBe('B5');
    expect(r.yearCells[0]).toEqual({ year: 2021, cell: 'A3' });
  });

  it('reads a line of units under the header', () => {
    const r = parse(
      [
        ['年度', '技术合同成交额', '有效发明专利数', '万元GDP综合能耗'],
        ['单位', '亿元', '件', '吨标准煤/万元'],
        [2022, 0.21, 60, 0.76],
      ],
      { county: '510821' },
    );
    expect(r.problems).toEqual([]);
    expect(byKey(r.values)).toEqual({ 'tech_contract_turnover:2022': 2100, 'invention_patents:2022': 60, 'energy_per_gdp:2022': 0.76 });
  });
});

describe('names and aliases', () => {
  it.each([
    ['R&D经费投入强度', 'rd_intensity'],
    ['全社会R&D经费投入强度', 'rd_intensity'],
    ['研发投入强度', 'rd_intensity'],
    ['R＆D经费投入强度（%）', 'rd_intensity'],
    ['1.R&D经费支出', 'rd_expenditure'],
    ['其中：高新技术企业', 'hitech_enterprises'],
    ['科技特派员数（县级以上）', 'st_commissioners'],
    ['每万人口有效发明专利拥有量', 'invention_patents_per_10k'],
    ['财政科技支出', 'fiscal_st_expenditure'],
    ['GDP', 'gdp'],
  ])('%s → %s', (name, code) => {
    const r = parse([
      ['旺苍县指标', null],
      ['指标名称', '2022年'],
      [name, 1],
    ]);
    expect(r.problems).toEqual([]);
    expect(r.values.map((v) => v.indicator)).toEqual([code]);
  });

  it('takes aliases from the catalogue too', () => {
    const r = parseIndicatorWorkbook(
      [grid([['填报单位：青川县科技局'], ['项目', '2023年'], ['双创载体数', 4]])],
      [...CATALOGUE, { code: 'incubators', name: '孵化载体数', unit: '个', aliases: ['双创载体数'] }],
      opts,
    );
    expect(r.values).toEqual([{ indicator: 'incubators', year: 2023, value: 4, cell: 'B3', final: false }]);
    expect(r.county).toEqual({ code: '510822', name: '青川县' });
  });
});

describe('missing figures', () => {
  it.each([null, '', '  ', '—', '——', '-', '－', '无', '空', '/', '暂无', '不适用'])('%j is missing, not a problem', (v) => {
    expect(readValue(v, CATALOGUE[0], null)).toEqual({ kind: 'missing' });
  });
});

describe('problems by cell', () => {
  const base = (cells: CellValue[][]) => parse([[TITLE], ['指标名称', '单位', '2022年', '2023年'], ...cells]);

  it('names an indicator the catalogue lacks, but leaves headings and text rows alone', () => {
    const r = base([['一、科技投入'], ['科技馆参观人次', '人次', 1000, 1200], ['地区生产总值', '万元', 1, 2]]);
    expect(r.problems).toEqual([{ cell: 'A4', code: 'INDICATOR_UNKNOWN', message: '指标目录中没有“科技馆参观人次”' }]);
    expect(r.values).toHaveLength(2);
  });

  it('names a value that is not a number, a negative count and a unit that does not fit', () => {
    const r = base([
      ['高新技术企业数', '家', '约12', -3],
      ['地区生产总值', '万元', '12家', '5.2亿元'],
      ['科技型中小企业数', '家', '3台', 4],
    ]);
    expect(r.problems).toEqual([
      { cell: 'C3', code: 'INDICATOR_BAD_VALUE', message: '“约12”不是数值（指标“高新技术企业数”以家计）' },
      { cell: 'D3', code: 'INDICATOR_NEGATIVE', message: '指标“高新技术企业数”不能为负数（-3）' },
      { cell: 'C4', code: 'INDICATOR_BAD_UNIT', message: '单位“家”与指标“地区生产总值”的单位“万元”不符，无法换算' },
      { cell: 'C5', code: 'INDICATOR_BAD_UNIT', message: '无法识别的单位“台”（指标“科技型中小企业数”以家计）' },
    ]);
    expect(byKey(r.values)).toEqual({ 'gdp:2023': 52_000, 'tech_smes:2023': 4 });
  });

  it('names the unit cell once for a row whose unit is unknown', () => {
    const r = base([['地区生产总值', '美元', 1, 2]]);
    expect(r.problems).toEqual([{ cell: 'B3', code: 'INDICATOR_BAD_UNIT', message: '无法识别的单位“美元”（指标“地区生产总值”以万元计）' }]);
    expect(r.values).toEqual([]);
  });

  it('accepts a negative figure where the catalogue allows one', () => {
    const cat = CATALOGUE.map((c) => (c.code === 'gdp' ? { ...c, nonNegative: false } : c));
    const r = parseIndicatorSheet(
      grid([
        ['指标', '2023年'],
        ['地区生产总值', -5],
      ]),
      cat,
      opts,
    )!;
    expect(r.values.map((v) => v.value)).toEqual([-5]);
  });

  it('refuses a year still to come (the header cell) and one before the catalogue starts, when they hold figures', () => {
    const r = parse([[TITLE], ['指标名称', '1999年', '2026年', '2027年', '2030年'], ['地区生产总值', 1, 2, 3, null], ['高新技术企业数', 1, 2, 3, null]]);
    expect(r.problems).toEqual([
      { cell: 'B2', code: 'INDICATOR_BAD_YEAR', message: '1999年早于可填报的最早年份（2000年）' },
      { cell: 'D2', code: 'INDICATOR_BAD_YEAR', message: '2027年尚未到来，不能填报该年的指标' },
    ]);
    expect(r.years).toEqual([2026]);
  });

  it('names a second row of the same indicator and a second row of the same year', () => {
    const rows = parse([[TITLE], ['指标名称', '2023年'], ['研发投入强度', 1], ['R&D经费投入强度', 2]]);
    expect(rows.problems).toEqual([{ cell: 'A4', code: 'INDICATOR_DUPLICATE', message: '指标“R&D经费投入强度”在 A3 已有一行' }]);
    const years = parse([[TITLE], ['年份', '地区生产总值'], [2022, 1], ['2022年', 2], ['合计', 3]]);
    expect(years.problems).toEqual([
      { cell: 'A4', code: 'INDICATOR_DUPLICATE', message: '2022年在 A3 已有一行' },
      { cell: 'A5', code: 'INDICATOR_BAD_YEAR', message: '无法识别的年份“合计”' },
    ]);
  });

  it('names an unknown indicator column that holds numbers', () => {
    const r = parse([[TITLE], ['年份', '地区生产总值', '旅游收入', '数据来源'], [2022, 1, 5, '县统计局']]);
    expect(r.problems).toEqual([{ cell: 'C2', code: 'INDICATOR_UNKNOWN', message: '指标目录中没有“旅游收入”' }]);
  });
});

describe('the county', () => {
  const table = [
    ['指标名称', '2023年'],
    ['地区生产总值', 1],
  ];
  it('comes from 填报单位 before the title', () => {
    expect(parse([['苍溪县科技创新指标'], ['填报单位（盖章）：旺苍县科技局'], ...table]).county?.code).toBe('510821');
  });
  it('comes from the title when there is no 填报单位, by full or short name', () => {
    expect(parse([['利州区主要科技指标'], ...table]).county?.code).toBe('510802');
    expect(parse([['青川2023年主要科技指标'], ...table]).county?.code).toBe('510822');
  });
  it('is the one the user names, whatever the file says', () => {
    const r = parse([[TITLE], ...table], { county: '510824' });
    expect(r.county).toEqual({ code: '510824', name: '苍溪县' });
    expect(r.countyCell).toBe('county');
  });
  it('is a problem when unknown or not found', () => {
    expect(parse([[TITLE], ...table], { county: '110101' }).problems).toEqual([
      { cell: 'county', code: 'INDICATOR_UNKNOWN_COUNTY', message: '区划代码 110101 不是已登记的县（区）' },
    ]);
    expect(parse([['科技指标表'], ['填报单位：某某局'], ...table]).problems).toEqual([
      { cell: 'A2', code: 'INDICATOR_NO_COUNTY', message: '无法从“某某局”确定填报的县（区），请指定县（区）' },
    ]);
    expect(parse(table).problems[0]).toMatchObject({ cell: 'A1', code: 'INDICATOR_NO_COUNTY' });
  });
});

describe('the workbook', () => {
  it('reads the sheet holding the table and ignores the others', () => {
    const r = parseIndicatorWorkbook(
      [grid([['填报说明'], ['本表数据由县统计局提供。'], ['2023年数据为快报数']], '说明'), grid([[TITLE], ['指标名称', '2023年'], ['地区生产总值', 148.3]], '指标')],
      CATALOGUE,
      opts,
    );
    expect(r.sheet).toBe('指标');
    expect(r.values).toHaveLength(1);
  });

  it('answers a workbook without an indicator table with one problem', () => {
    const r = parseIndicatorWorkbook(
      [
        grid([
          ['名称', '数量'],
          ['甲', 1],
        ]),
      ],
      CATALOGUE,
      opts,
    );
    expect(r.sheet).toBeNull();
    expect(r.problems).toEqual([{ cell: 'A1', code: 'INDICATOR_NO_TABLE', message: expect.stringContaining('找不到指标表') }]);
  });

  it('applies a money unit noted for the whole table to bare money figures only', () => {
    const r = parse([[TITLE], ['金额单位：亿元'], ['指标名称', '2023年'], ['地区生产总值', 148.3], ['高新技术企业数', 13]]);
    expect(byKey(r.values)).toEqual({ 'gdp:2023': 1_483_000, 'hitech_enterprises:2023': 13 });
  });
});

describe('yearOf', () => {
  it.each([
    [2023, 2023],
    ['2023', 2023],
    ['2023年', 2023],
    ['2023年度', 2023],
    ['２０２３年', 2023],
    [' 2023 年 ', 2023],
    ['2023年较上年增长（%）', null],
    ['2019—2023年', null],
    [23, null],
  ])('%j → %j', (v, year) => {
    expect(yearOf(v)?.year ?? null).toBe(year);
  });
});
