import { CATEGORIES, DEFAULT_DOMAINS } from '../domain/items.js';
import type { Db } from '../server/platform/db.js';
import { rebuildSearchIndex } from '../server/modules/search/search.index.js';

/*
 * The search benchmark's corpus: items up to `items` in all, and `reports` progress reports spread
 * over them, written in varied Chinese from a fixed vocabulary (a seeded generator, so every run
 * searches the same text), then indexed the way the demo seed is.
 */

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
  '专利',
  '技术合同',
];
const ACTIONS = ['开展', '推动', '实施', '建设', '争取', '组织', '完成', '落实', '培育', '引进'];
const OBJECTS = ['关键技术攻关', '示范基地建设', '品种选育', '成果转化', '人才培训', '平台建设', '产业链延伸', '标准化种植', '冷链物流', '精深加工', '数字化改造', '质量检测'];
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
  const sentence = () => `${pick(ACTIONS)}${pick(SUBJECTS)}${pick(OBJECTS)}，${pick(TAILS)}。`;
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
        Array.from({ length: n }, (_, i) => ({
          consultation_id: c.id,
          title: `${pick(ACTIONS)}${pick(SUBJECTS)}${pick(OBJECTS)}`,
          content: sentence() + sentence(),
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
        })),
      )
      .execute();
    done += n;
  }

  const items = await db.selectFrom('items').select('id').where('deleted_at', 'is', null).orderBy('id').execute();
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
      for (const period of periods) {
        if (written + values.length >= target.reports) break;
        values.push({
          item_id: it.id,
          period,
          status: 'accepted',
          round: 1,
          progress_html: `<p>${sentence()}${sentence()}</p><p>${sentence()}</p>`,
          percent: Math.floor(rand() * 100),
          problems: rand() < 0.5 ? sentence() : '',
          next_steps: sentence(),
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
  return { items: Math.max(have, target.items), reports: written, entries };
}
