import type { DemoItem } from './wangcang-items.seed.js';

/**
 * DEMO DATA. A province–city consultation (厅市会商) of 四川省科学技术厅 with 广元市人民政府, whose
 * items the city broke down into items of its 局县会商 with 旺苍 and 苍溪 (上下联动). `children`
 * names those items by title; deadlines are written, like the 旺苍 ledger's, on `LEDGER_DATE`.
 */
export interface ProvinceDemoItem extends DemoItem {
  children: { county: 'wangcang' | 'cangxi'; title: string }[];
}

const LEAD = '广元市科学技术局';

export const PROVINCE_ITEMS: ProvinceDemoItem[] = [
  {
    category: 'direct_support',
    title: '支持广元市农业科技园区提档升级',
    content: '支持旺苍、苍溪等县农业科技园区提档升级，争创省级农业科技园区',
    domain: '农业农村',
    lead: LEAD,
    co: [],
    deadline: '2025-06-30',
    fundingWan: 200,
    status: 'in_progress',
    progress: 40,
    children: [
      { county: 'wangcang', title: '支持旺苍农业科技园区提升建设' },
      { county: 'wangcang', title: '争取省级农业科技园区建设资金支持' },
      { county: 'cangxi', title: '推动县级农业科技园区提质建设' },
    ],
  },
  {
    category: 'direct_support',
    title: '支持科技特派员服务秦巴山区特色产业',
    content: '向广元市选派省级科技特派员团队，服务黄茶、猕猴桃等特色产业',
    domain: '创新人才',
    lead: LEAD,
    co: [],
    deadline: '2025-03-31',
    fundingWan: 80,
    status: 'in_progress',
    progress: 30,
    children: [
      { county: 'wangcang', title: '选派科技特派员团队服务黄茶产业' },
      { county: 'cangxi', title: '选派科技特派员服务猕猴桃产业' },
    ],
  },
  {
    category: 'joint_promotion',
    title: '推动科技型企业梯度培育',
    content: '推动广元市科技型中小企业入库、高新技术企业认定，形成梯度培育体系',
    domain: '高新技术',
    lead: LEAD,
    co: [],
    deadline: '2025-12-31',
    fundingWan: null,
    status: 'in_progress',
    progress: 50,
    children: [
      { county: 'wangcang', title: '支持企业申报国家高新技术企业，开展“一对一”辅导' },
      { county: 'wangcang', title: '指导科技型中小企业入库评价工作' },
      { county: 'cangxi', title: '推动科技型中小企业梯度培育' },
    ],
  },
  {
    category: 'joint_pursuit',
    title: '支持广元市承担省级重点研发计划项目',
    content: '在特色农产品精深加工等方向支持广元市企业承担省级重点研发计划项目',
    domain: '高新技术',
    lead: LEAD,
    co: [],
    deadline: '2025-12-31',
    fundingWan: 300,
    status: 'not_started',
    progress: 0,
    children: [
      { county: 'wangcang', title: '争取省级重点研发计划项目落地' },
      { county: 'cangxi', title: '争取省级重点研发计划支持猕猴桃精深加工' },
    ],
  },
];
