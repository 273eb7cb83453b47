import type { Kysely } from 'kysely';
import { CALCULATIONS } from '../../../domain/indicators.js';
import type { Database } from '../../platform/db-schema.js';
import type { OrgIds } from './organisations.seed.js';
import type { UserIds } from './users.seed.js';

/**
 * The indicator catalogue (reference data: a real deployment gets it too), the Sichuan targets, and
 * default weights. Definitions and sources follow the research notes (domain-data.md §1–2).
 */
const CATALOGUE: [code: string, name: string, unit: string, direction: 'up' | 'down', dimension: string, source: string, definition: string][] = [
  ['gdp', '地区生产总值', '万元', 'up', '基础', '县统计局', '当年价格计算的地区生产总值'],
  ['population', '常住人口', '万人', 'up', '基础', '县统计局', '年末常住人口'],
  ['public_budget_expenditure', '本级一般公共预算支出', '万元', 'up', '基础', '县财政局', '本级一般公共预算支出决算数'],
  ['fiscal_st_expenditure', '本级财政科学技术支出', '万元', 'up', '投入', '县财政局', '一般公共预算中科学技术支出（功能分类 206 类）'],
  ['fiscal_st_share', '财政科技支出占比', '%', 'up', '投入', '县财政局', '本级财政科学技术支出占本级一般公共预算支出的比重'],
  ['rd_expenditure', '全社会R&D经费支出', '万元', 'up', '投入', '县统计局', '全社会研究与试验发展经费内部支出'],
  ['rd_intensity', 'R&D经费投入强度', '%', 'up', '投入', '县统计局', '全社会R&D经费支出占地区生产总值的比重；两项都填报时自动计算，否则按填报值'],
  ['hitech_enterprises', '高新技术企业数', '家', 'up', '主体', '县科技主管部门', '有效期内的国家高新技术企业数（存量）'],
  ['tech_smes', '科技型中小企业数', '家', 'up', '主体', '县科技主管部门', '当年入库的科技型中小企业数'],
  ['hitech_revenue', '高新技术产业营业收入', '亿元', 'up', '产业', '县经济和信息化部门', '按省高新技术产业统计口径的营业收入'],
  ['tech_contract_turnover', '技术合同成交额', '万元', 'up', '产出', '县科技主管部门', '在技术合同登记机构登记的成交额'],
  ['invention_patents', '有效发明专利数', '件', 'up', '产出', '县市场监管局', '年末有效发明专利拥有量'],
  ['invention_patents_per_10k', '每万人有效发明专利拥有量', '件/万人', 'up', '产出', '县市场监管局', '有效发明专利数与常住人口（万人）之比'],
  ['st_commissioners', '县级以上科技特派员数', '人', 'up', '人才', '县科技主管部门', '在岗的县级及以上科技特派员'],
  ['innovation_platforms', '创新平台数', '个', 'up', '平台', '县科技主管部门', '工程技术研究中心、重点实验室、新型研发机构、企业技术中心等'],
  ['st_progress_contribution', '科技进步贡献率', '%', 'up', '综合', '省科技厅发布', '科技进步对经济增长的贡献份额（省级测算发布）'],
  ['energy_per_gdp', '万元GDP综合能耗', '吨标准煤/万元', 'down', '环境', '县发展改革局', '单位地区生产总值能源消费量，越低越好'],
];

/** Sichuan (川办发〔2018〕60号) for counties, and 广元's own 十三五 figures at city level. */
const TARGETS: [code: string, level: 'province' | 'city', fromYear: number, threshold: number, note: string][] = [
  ['rd_intensity', 'province', 2022, 1.2, '川办发〔2018〕60号：县域平均 2022 年达到 1.2%'],
  ['st_progress_contribution', 'province', 2022, 55, '川办发〔2018〕60号：县域平均 2022 年达到 55%'],
  ['rd_intensity', 'city', 2020, 2.5, '广元市“十三五”规划目标（市级）'],
  ['invention_patents_per_10k', 'city', 2020, 2, '广元市“十三五”规划目标'],
  ['st_progress_contribution', 'city', 2020, 52, '广元市“十三五”规划目标'],
];

const WEIGHTS: [string, number][] = [
  ['rd_intensity', 25],
  ['hitech_revenue', 20],
  ['hitech_enterprises', 15],
  ['tech_contract_turnover', 15],
  ['invention_patents_per_10k', 15],
  ['st_progress_contribution', 10],
];

export async function seedIndicatorCatalogue(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .insertInto('indicators')
    .values(
      CATALOGUE.map(([code, name, unit, direction, dimension, source_dept, definition], i) => ({
        code,
        name,
        unit,
        direction,
        dimension,
        source_dept,
        definition,
        non_negative: 1,
        active: 1,
        sort_order: (i + 1) * 10,
        version: 1,
        updated_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('indicator_targets')
    .values(TARGETS.map(([indicator_code, level, from_year, threshold, note]) => ({ indicator_code, level, from_year, threshold, note })))
    .execute();
  await db
    .insertInto('indicator_weights')
    .values(WEIGHTS.map(([indicator_code, weight]) => ({ indicator_code, weight })))
    .execute();
}

// ── Demo figures ───────────────────────────────────────────────────────────────────────────────

/** 2019 levels per county (GDP 万元, population 万人 …), roughly their real sizes; growth is generated. */
const BASE: Record<string, { gdp: number; pop: number; rd: number; hitech: number; rev: number; patents: number; contrib: number; energy: number }> = {
  lizhou: { gdp: 3_300_000, pop: 58, rd: 36_000, hitech: 32, rev: 62, patents: 420, contrib: 54, energy: 0.52 },
  zhaohua: { gdp: 850_000, pop: 15.5, rd: 5_100, hitech: 6, rev: 4.1, patents: 38, contrib: 48, energy: 0.61 },
  chaotian: { gdp: 600_000, pop: 15, rd: 2_900, hitech: 4, rev: 2.6, patents: 21, contrib: 46, energy: 0.58 },
  wangcang: { gdp: 1_100_000, pop: 34, rd: 7_000, hitech: 9, rev: 12.4, patents: 66, contrib: 49, energy: 0.74 },
  qingchuan: { gdp: 520_000, pop: 17, rd: 2_300, hitech: 3, rev: 1.9, patents: 24, contrib: 45, energy: 0.49 },
  jiange: { gdp: 1_150_000, pop: 44, rd: 6_300, hitech: 7, rev: 6.8, patents: 52, contrib: 47, energy: 0.55 },
  cangxi: { gdp: 1_500_000, pop: 52, rd: 8_600, hitech: 10, rev: 9.7, patents: 71, contrib: 48, energy: 0.57 },
};
export const DEMO_YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

/** A county's figures for a year: steady growth with a per-county rhythm, so the seven differ. */
function demoFigures(county: string, year: number): Record<string, number> {
  const b = BASE[county];
  const t = year - 2019;
  const wobble = (k: number) => 1 + 0.012 * Math.sin(t * 1.7 + k + county.length);
  const gdp = Math.round(b.gdp * 1.065 ** t * wobble(1));
  const pop = Math.round(b.pop * 0.996 ** t * 100) / 100;
  const budget = Math.round(gdp * 0.19 * wobble(2));
  const figures: Record<string, number> = {
    gdp,
    population: pop,
    public_budget_expenditure: budget,
    fiscal_st_expenditure: Math.round(budget * (0.011 + 0.0012 * t) * wobble(3)),
    rd_expenditure: Math.round(b.rd * 1.16 ** t * wobble(4)),
    hitech_enterprises: Math.round(b.hitech * 1.14 ** t),
    tech_smes: Math.round(b.hitech * 2.6 * 1.18 ** t),
    hitech_revenue: Math.round(b.rev * 1.15 ** t * wobble(5) * 100) / 100,
    tech_contract_turnover: Math.round(b.rd * 0.8 * 1.22 ** t * wobble(6)),
    invention_patents: Math.round(b.patents * 1.17 ** t),
    st_commissioners: Math.round(b.pop * 1.1 + t * 3),
    innovation_platforms: Math.round(b.hitech * 0.7 + t * 1.5),
    st_progress_contribution: Math.round((b.contrib + t * 1.2 * wobble(7)) * 10) / 10,
    energy_per_gdp: Math.round(b.energy * 0.965 ** t * 1000) / 1000,
  };
  if (county === 'wangcang' && (year === 2020 || year === 2021)) {
    // The story's figures (旺苍, the year before April 2022): 高新技术产业营业收入 +27 %, and R&D
    // intensity +32.4 % as relative growth of the ratio (0.68 % → 0.90 %), not percentage points.
    Object.assign(figures, year === 2020 ? { gdp: 1_200_000, rd_expenditure: 8_160, hitech_revenue: 15 } : { gdp: 1_296_000, rd_expenditure: 11_668, hitech_revenue: 19.05 });
  }
  // Computed indicators are never stored as entered when their inputs are.
  for (const code of Object.keys(CALCULATIONS)) delete figures[code];
  return figures;
}

/**
 * 2019–2025 figures for the seven counties of 广元, every one noted 演示数据. 2019–2024 are accepted;
 * of 2025, 旺苍 has nothing yet (its coordinator enters it in the demo), 苍溪 waits for review, and
 * three more counties have preliminary figures accepted.
 */
export async function seedIndicatorDemo(db: Kysely<Database>, orgs: OrgIds, users: UserIds, now: string): Promise<void> {
  for (const county of Object.keys(BASE)) {
    const countyId = orgs[county];
    const enteredBy = users[`${county}.coord`] ?? users['city.coord'];
    for (const year of DEMO_YEARS) {
      let status: 'accepted' | 'submitted' | null = 'accepted';
      if (year === 2025) status = county === 'cangxi' ? 'submitted' : ['lizhou', 'zhaohua', 'jiange'].includes(county) ? 'accepted' : null;
      if (!status) continue;
      const final = year < 2025 ? 1 : 0;
      const sheet = await db
        .insertInto('indicator_sheets')
        .values({
          county_id: countyId,
          year,
          status,
          return_reason: null,
          submitted_by: enteredBy,
          submitted_at: now,
          reviewed_by: status === 'accepted' ? users['city.coord'] : null,
          reviewed_at: status === 'accepted' ? now : null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const values = Object.entries(demoFigures(county, year)).map(([indicator_code, value]) => ({
        sheet_id: sheet.id,
        indicator_code,
        value,
        final,
        note: '演示数据',
        evidence_id: null,
        entered_by: enteredBy,
        entered_at: now,
      }));
      await db.insertInto('indicator_values').values(values).execute();
      await db
        .insertInto('indicator_value_history')
        .values(values.map((v) => ({ sheet_id: sheet.id, indicator_code: v.indicator_code, value: v.value, final, note: '演示数据', action: 'demo', user_id: enteredBy, at: now })))
        .execute();
    }
  }
}
