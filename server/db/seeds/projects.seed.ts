import type { Kysely } from 'kysely';
import { shiftMonths } from '../../../domain/dates.js';
import { wanToYuan } from '../../../domain/items.js';
import type { Milestone, Outcome, ProjectStatus, ProjectType } from '../../../domain/projects.js';
import type { Database } from '../../platform/db-schema.js';

/**
 * DEMO DATA. The ten innovation projects the bureau brought to the 旺苍 consultation (the article
 * names 绿色家居加工关键技术研发项目 and 农业双碳循环经济示范; the others follow the agreed items).
 * Budgets, dates, milestones and outcome figures are demo values, not figures from a source.
 * Dates are written against the ledger date and moved like the items'; `items` are positions
 * (1-based) in the 旺苍 list.
 */
interface DemoProject {
  name: string;
  type: ProjectType;
  summary: string;
  undertakers: string[];
  fiscalWan: number;
  selfRaisedWan: number;
  start: string;
  end: string;
  milestones: Milestone[];
  outcomes: Outcome[];
  status: ProjectStatus;
  items: number[];
}

const m = (title: string, due: string, done = false): Milestone => ({ title, due, done });
const o = (kind: Outcome['kind'], target: number, actual: number | null = null): Outcome => ({ kind, target, actual });
const FURNITURE = '中国西部（旺苍）绿色家居产业城管委会';
const JXKJ = '旺苍县经济信息化和科学技术局';
const NYJ = '旺苍县农业农村局';

const PROJECTS: DemoProject[] = [
  {
    name: '绿色家居加工关键技术研发项目',
    type: 'rd',
    summary: '引导家具企业运用云计算、物联网、人工智能，开展网络化协同制造、大规模个性化定制，实现从家居定制到生产再到发货的全智能化（演示数据）',
    undertakers: [FURNITURE, '产业城家居企业（演示）'],
    fiscalWan: 100,
    selfRaisedWan: 300,
    start: '2024-05-01',
    end: '2025-12-31',
    milestones: [m('家居定制：在线定制与设计系统上线', '2024-09-30', true), m('生产：柔性生产线与智能排产改造', '2025-06-30'), m('发货：智能仓储与物流发货贯通', '2025-12-31')],
    outcomes: [o('patents', 5, 1), o('new_products', 3, 1), o('revenue_wan', 5000, 800), o('jobs', 50, 12)],
    status: 'in_progress',
    items: [3, 12],
  },
  {
    name: '农业双碳循环经济示范',
    type: 'demonstration',
    summary: '建设种养循环示范点，推广秸秆、畜禽粪污资源化利用技术（演示数据）',
    undertakers: [NYJ],
    fiscalWan: 50,
    selfRaisedWan: 30,
    start: '2024-05-01',
    end: '2024-12-31',
    milestones: [m('选定嘉川镇示范点', '2024-06-30', true), m('建成种养循环示范点2个', '2024-12-31')],
    outcomes: [o('new_techniques', 2, 1), o('jobs', 20, 8)],
    status: 'in_progress',
    items: [1],
  },
  {
    name: '中低温地热资源综合利用研究',
    type: 'rd',
    summary: '联合高校院所开展中低温地热资源勘查评价与综合利用技术研究（演示数据）',
    undertakers: [JXKJ, '旺苍县自然资源局'],
    fiscalWan: 40,
    selfRaisedWan: 20,
    start: '2024-07-01',
    end: '2025-12-31',
    milestones: [m('完成资源勘查评价', '2025-03-31'), m('形成综合利用技术方案', '2025-12-31')],
    outcomes: [o('patents', 2), o('standards', 1)],
    status: 'in_progress',
    items: [11],
  },
  {
    name: '秦巴山区特色农产品精深加工中试',
    type: 'platform',
    summary: '建成中试生产线，开展黄茶、核桃精深加工中试（演示数据）',
    undertakers: [NYJ, '农产品加工企业（演示）'],
    fiscalWan: 80,
    selfRaisedWan: 120,
    start: '2024-06-01',
    end: '2025-06-30',
    milestones: [m('中试生产线设备安装', '2024-12-31', true), m('完成黄茶、核桃中试', '2025-06-30')],
    outcomes: [o('new_products', 4, 1), o('revenue_wan', 1200, 200)],
    status: 'in_progress',
    items: [2],
  },
  {
    name: '黄茶产业科技特派员服务',
    type: 'talent',
    summary: '选派省、市级科技特派员常驻服务黄茶产业，开展技术培训（演示数据）',
    undertakers: [NYJ],
    fiscalWan: 20,
    selfRaisedWan: 0,
    start: '2024-04-01',
    end: '2024-10-31',
    milestones: [m('选派科技特派员5名', '2024-05-31', true), m('开展技术培训10场次', '2024-10-31')],
    outcomes: [o('new_techniques', 3, 1)],
    status: 'in_progress',
    items: [5],
  },
  {
    name: '旺苍农业科技园区提升建设',
    type: 'platform',
    summary: '按省级农业科技示范园区标准完善园区规划和运行机制，完善公共服务平台（演示数据）',
    undertakers: ['旺苍农业科技园区管委会'],
    fiscalWan: 30,
    selfRaisedWan: 60,
    start: '2024-01-01',
    end: '2024-12-31',
    milestones: [m('修编园区规划', '2024-04-30', true), m('建立园区运行机制', '2024-09-30', true)],
    outcomes: [o('new_techniques', 5, 5), o('jobs', 100, 120)],
    status: 'completed',
    items: [6, 22],
  },
  {
    name: '县级科技成果转移转化服务站建设',
    type: 'transfer',
    summary: '建成县级服务站，促成技术交易、推动技术合同认定登记（演示数据）',
    undertakers: [JXKJ],
    fiscalWan: 15,
    selfRaisedWan: 5,
    start: '2024-10-01',
    end: '2025-03-31',
    milestones: [m('服务站挂牌运行', '2024-12-31'), m('促成技术交易5项', '2025-03-31')],
    outcomes: [o('new_techniques', 5)],
    status: 'approved',
    items: [7, 16],
  },
  {
    name: '科普示范县创建',
    type: 'other',
    summary: '建成科普教育基地，开展科普活动（演示数据）',
    undertakers: ['旺苍县科学技术协会'],
    fiscalWan: 10,
    selfRaisedWan: 10,
    start: '2025-01-01',
    end: '2025-12-31',
    milestones: [m('建成科普教育基地2个', '2025-06-30'), m('开展科普活动20场次', '2025-12-31')],
    outcomes: [],
    status: 'proposed',
    items: [8],
  },
  {
    name: '市级工程技术研究中心建设',
    type: 'platform',
    summary: '支持骨干企业建设市级工程技术研究中心（演示数据）',
    undertakers: ['骨干企业（演示）'],
    fiscalWan: 20,
    selfRaisedWan: 80,
    start: '2024-09-01',
    end: '2025-06-30',
    milestones: [m('提交建设申请', '2024-12-31'), m('通过认定', '2025-06-30')],
    outcomes: [o('patents', 3), o('new_products', 2)],
    status: 'approved',
    items: [10],
  },
  {
    name: '夏秋茶综合利用与黄茶新品研发',
    type: 'rd',
    summary: '依托茶产业技术创新联盟开展夏秋茶综合利用与黄茶新品研发（演示数据）',
    undertakers: [NYJ, '米仓山茶产业研究院（演示）'],
    fiscalWan: 30,
    selfRaisedWan: 40,
    start: '2024-10-01',
    end: '2025-09-30',
    milestones: [m('组建研发团队', '2024-12-31'), m('形成黄茶新品2个', '2025-09-30')],
    outcomes: [o('new_products', 2), o('revenue_wan', 600)],
    status: 'in_progress',
    items: [14],
  },
];

/** The 2023 work plan's 五大行动 of 广元市科技局, with the 旺苍 items (positions) each gathers. */
const PROGRAMMES: { name: string; items: number[] }[] = [
  { name: '创新主体培育行动', items: [4, 9, 10, 29] },
  { name: '产业创新赋能行动', items: [1, 2, 3, 12, 17, 23, 25, 27, 30] },
  { name: '科技成果转化行动', items: [7, 13, 16] },
  { name: '协同创新提升行动', items: [6, 11, 14, 22, 28] },
  { name: '创新生态优化行动', items: [5, 8, 15, 18, 19, 20, 21, 24, 26] },
];

/** Projects and programmes of the bureau, linked to the 旺苍 items (listed in seeding order). */
export async function seedProjectsAndProgrammes(
  db: Kysely<Database>,
  opts: { bureau: number; createdBy: number; consultationId: number; year: number; shift: number; now: string },
): Promise<void> {
  const items = await db.selectFrom('items').select('id').where('consultation_id', '=', opts.consultationId).orderBy('id').execute();
  const itemAt = (pos: number) => {
    const it = items[pos - 1];
    if (!it) throw new Error(`demo seed names item ${pos}, the list has ${items.length}`);
    return it.id;
  };
  const shiftDate = (d: string) => shiftMonths(d, opts.shift);
  for (const p of PROJECTS) {
    const row = await db
      .insertInto('projects')
      .values({
        host_org_id: opts.bureau,
        name: p.name,
        type: p.type,
        summary: p.summary,
        undertakers_json: JSON.stringify(p.undertakers),
        fiscal_yuan: wanToYuan(p.fiscalWan),
        self_raised_yuan: wanToYuan(p.selfRaisedWan),
        start_date: shiftDate(p.start),
        end_date: shiftDate(p.end),
        milestones_json: JSON.stringify(p.milestones.map((x) => ({ ...x, due: shiftDate(x.due) }))),
        outcomes_json: JSON.stringify(p.outcomes),
        status: p.status,
        version: 1,
        created_by: opts.createdBy,
        created_at: opts.now,
        updated_at: opts.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('project_items')
      .values(p.items.map((pos) => ({ project_id: row.id, item_id: itemAt(pos) })))
      .execute();
  }
  for (const [i, g] of PROGRAMMES.entries()) {
    const row = await db
      .insertInto('programmes')
      .values({
        host_org_id: opts.bureau,
        year: opts.year,
        name: g.name,
        description: '广元市科技局年度工作方案“五大行动”之一（演示数据）',
        sort_order: i + 1,
        version: 1,
        created_by: opts.createdBy,
        created_at: opts.now,
        updated_at: opts.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('programme_items')
      .values(g.items.map((pos) => ({ item_id: itemAt(pos), programme_id: row.id, weight: 1 })))
      .execute();
  }
}
