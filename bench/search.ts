import { CATEGORIES, DEFAULT_DOMAINS } from '../domain/items.js';
import { sql } from 'kysely';
import type { Db } from '../server/platform/db.js';
import { dialectOf } from '../server/platform/db-helpers.js';
import { rebuildSearchIndex } from '../server/modules/search/search.index.js';

/*
 * The search benchmark's corpus: items up to `items` in all, and `reports` progress reports spread
 * over them, written in varied Chinese from a fixed vocabulary (a seeded generator, so every run
 * searches the same text), then indexed the way the demo seed is.
 */

// What one item is about, as a province's items spread over crops, industries and programmes: each
// item and its reports mention their own subject, so a subject is in about 1 row in 80.
const SUBJECTS = [
  '猕猴桃',
  '茶叶',
  '核桃',
  '中药材',
  '食用菌',
  '绿色家居',
  '地热资源',
  '电子信息',
  '新材料',
  '生猪养殖',
  '油橄榄',
  '黄金梨',
  '高新技术企业',
  '科技型中小企业',
  '农业科技园区',
  '孵化器',
  '发明专利',
  '技术合同',
  '柑橘',
  '脐橙',
  '花椒',
  '蚕桑',
  '木耳',
  '天麻',
  '杜仲',
  '白芷',
  '川芎',
  '魔芋',
  '油菜',
  '马铃薯',
  '红薯',
  '水稻制种',
  '玉米育种',
  '肉牛',
  '山羊',
  '土鸡',
  '冷水鱼',
  '蜂蜜',
  '竹笋',
  '板栗',
  '樱桃',
  '葡萄',
  '草莓',
  '蓝莓',
  '枇杷',
  '李子',
  '桑葚',
  '石榴',
  '锂电池',
  '光伏组件',
  '天然气化工',
  '铝基材料',
  '碳纤维',
  '石墨烯',
  '智能制造',
  '工业互联网',
  '数控机床',
  '汽车零部件',
  '食品加工',
  '白酒酿造',
  '纺织服装',
  '医疗器械',
  '生物医药',
  '检验检测',
  '文旅融合',
  '康养产业',
  '电子商务',
  '冷链仓储',
  '乡村振兴',
  '科技特派员',
  '院士工作站',
  '博士后工作站',
  '创新券',
  '双创示范基地',
  '众创空间',
  '成果转化中试',
  '知识产权质押',
  '数字乡村',
  '智慧农业',
  '节水灌溉',
  '土壤改良',
  '秸秆综合利用',
  '农村污水治理',
  '地质灾害监测',
];
const ACTIONS = ['开展', '推动', '实施', '建设', '争取', '组织', '完成', '落实', '培育', '引进'];
const OBJECTS = ['关键技术攻关', '示范基地建设', '品种选育', '成果转化', '人才培训', '平台建设', '产业链延伸', '标准化生产', '仓储物流', '精深加工', '数字化改造', '质量检测'];
const TAILS = ['取得阶段性进展', '已完成年度目标的一半', '按计划推进', '进度略有滞后', '已通过专家验收', '资金已拨付到位', '正在协调相关单位', '已形成初步方案'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function generateSearchCorpus(db: Db, author: { userId: number; orgId: number }, target: { items: number; reports: number }) {
  const createdBy = author.userId;
  const rand = rng(20261206);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentence = (subject: string) => `${pick(ACTIONS)}${subject}${pick(OBJECTS)}，${pick(TAILS)}。`;
  const subjectOf = (itemId: number) => SUBJECTS[itemId % SUBJECTS.length]!;
  const now = new Date().toISOString();

  const consultations = await db.selectFrom('consultations').select(['id', 'year']).orderBy('id').execute();
  const have = Number(
    (
      await db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  for (let done = have, batch = 0; done < target.items; batch++) {
    const n = Math.min(500, target.items - done);
    const c = consultations[batch % consultations.length]!;
    await db
      .insertInto('items')
      .values(
        Array.from({ length: n }, (_, i) => {
          const subject = pick(SUBJECTS);
          return {
            consultation_id: c.id,
            title: `${pick(ACTIONS)}${subject}${pick(OBJECTS)}`,
            content: sentence(subject) + sentence(subject),
            category: CATEGORIES[i % 3]!,
            domain: DEFAULT_DOMAINS[i % DEFAULT_DOMAINS.length]!,
            lead_unit_id: null,
            responsible: '',
            deadline: `${c.year}-12-31`,
            ongoing: 0,
            funding_yuan: null,
            status: 'in_progress' as const,
            progress: 50,
            sort_order: 100 + i,
            version: 1,
            created_by: createdBy,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          };
        }),
      )
      .execute();
    done += n;
  }

  const items = await db.selectFrom('items').select(['id', 'title']).where('deleted_at', 'is', null).orderBy('id').execute();
  const existing = Number(
    (
      await db
        .selectFrom('progress_reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const perItem = Math.ceil((target.reports - existing) / items.length);
  const periods = Array.from({ length: perItem }, (_, k) => `20${10 + Math.floor(k / 4)}Q${(k % 4) + 1}`);
  let written = existing;
  for (let start = 0; start < items.length && written < target.reports; start += 100) {
    const values = [];
    for (const it of items.slice(start, start + 100)) {
      const subject = SUBJECTS.find((x) => it.title.includes(x)) ?? subjectOf(it.id);
      for (const period of periods) {
        if (written + values.length >= target.reports) break;
        values.push({
          item_id: it.id,
          period,
          status: 'accepted',
          round: 1,
          progress_html: `<p>${sentence(subject)}${sentence(subject)}</p><p>${sentence(subject)}</p>`,
          percent: Math.floor(rand() * 100),
          problems: rand() < 0.5 ? sentence(subject) : '',
          next_steps: sentence(subject),
          author_id: createdBy,
          author_org_id: author.orgId,
          submitted_at: now,
          first_submitted_at: now,
          reviewed_by: null,
          reviewed_at: null,
          review_note: null,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      }
    }
    for (let i = 0; i < values.length; i += 400) {
      await db
        .insertInto('progress_reports')
        .values(values.slice(i, i + 400))
        .execute();
    }
    written += values.length;
  }
  const entries = await rebuildSearchIndex(db);
  // After a bulk load, fresh statistics, as a database administrator would gather them (autovacuum
  // may be off, or not yet round): on stale ones the planner took the county's project scope for a
  // scan of every item in its consultations.
  if (dialectOf(db) === 'postgres') await sql`analyze`.execute(db);
  return { items: Math.max(have, target.items), reports: written, entries };
}
