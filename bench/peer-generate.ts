import { CATEGORIES, type ItemStatus } from '../domain/items.js';
import type { Light } from '../domain/supervision.js';
import type { Db } from '../server/platform/db.js';

/*
 * The shape Redmine was measured on: 200 consultations of 150 items (30,000 items), five progress
 * reports per item (150,000), six domains, about 70% of the items open, deadlines spread over four
 * years and the three categories. Written with multi-row inserts in one transaction, so the whole
 * set takes seconds. A seeded generator: every run measures the same rows.
 */

export const PEER_SHAPE = { consultations: 200, itemsPerConsultation: 150, reportsPerItem: 5 } as const;

const DOMAINS = ['高新技术', '农业农村', '创新人才', '成果转化', '平台建设', '科技金融'] as const;
// 70% open (not started, in progress, delayed), 30% closed (completed, cancelled).
const STATUS_WEIGHTS: [ItemStatus, number][] = [
  ['in_progress', 45],
  ['not_started', 15],
  ['delayed', 10],
  ['completed', 25],
  ['cancelled', 5],
];
const SUBJECTS = ['猕猴桃', '茶叶', '核桃', '中药材', '食用菌', '绿色家居', '电子信息', '新材料', '生猪养殖', '油橄榄', '高新技术企业', '农业科技园区'];
const ACTIONS = ['开展', '推动', '实施', '建设', '争取', '组织', '落实', '培育'];
const OBJECTS = ['关键技术攻关', '示范基地建设', '品种选育', '成果转化', '人才培训', '平台建设', '产业链延伸', '数字化改造'];
const TAILS = ['取得阶段性进展', '已完成年度目标的一半', '按计划推进', '进度略有滞后', '资金已拨付到位', '正在协调相关单位'];
const PERIODS = ['2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface PeerData {
  consultationIds: number[];
  itemIds: { first: number; last: number };
  items: number;
  reports: number;
}

export async function generatePeer(db: Db, orgs: Record<string, number>, author: { userId: number; orgId: number }): Promise<PeerData> {
  const rand = rng(20261206);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const status = () => {
    let r = rand() * 100;
    for (const [s, w] of STATUS_WEIGHTS) if ((r -= w) < 0) return s;
    return 'in_progress' as const;
  };
  const sentence = (subject: string) => `${pick(ACTIONS)}${subject}${pick(OBJECTS)}，${pick(TAILS)}。`;
  const now = new Date().toISOString();
  const counties = ['lizhou.gov', 'zhaohua.gov', 'chaotian.gov', 'wangcang.gov', 'qingchuan.gov', 'jiange.gov', 'cangxi.gov'].map((k) => orgs[k]!);
  const host = orgs.bureau!;

  return db.transaction().execute(async (tx) => {
    const consultationIds: number[] = [];
    const years = [2023, 2024, 2025, 2026];
    const rows = Array.from({ length: PEER_SHAPE.consultations }, (_, c) => ({
      title: `对标 ${c + 1}：局县科技会商`,
      year: years[c % years.length]!,
      theme: '对标测试数据',
      status: 'implementing' as const,
      version: 1,
      created_by: author.userId,
      created_at: now,
      updated_at: now,
      adopted_on: `${years[c % years.length]}-03-01`,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      const ids = await tx
        .insertInto('consultations')
        .values(rows.slice(i, i + 100))
        .returning('id')
        .execute();
      consultationIds.push(...ids.map((r) => r.id));
    }
    await tx
      .insertInto('consultation_parties')
      .values(
        consultationIds.flatMap((id, c) => [
          { consultation_id: id, org_id: host, side: 'host' as const },
          { consultation_id: id, org_id: counties[c % counties.length]!, side: 'partner' as const },
        ]),
      )
      .execute();

    let first = 0;
    let last = 0;
    let items = 0;
    for (const [c, consultationId] of consultationIds.entries()) {
      const partner = counties[c % counties.length]!;
      const values = Array.from({ length: PEER_SHAPE.itemsPerConsultation }, (_, i) => {
        const subject = pick(SUBJECTS);
        const s = status();
        const open = s !== 'completed' && s !== 'cancelled';
        // Deadlines from 2024 to 2027, one in twenty items ongoing (no deadline).
        const ongoing = rand() < 0.05;
        const day = Math.floor(rand() * 4 * 365);
        const deadline = ongoing ? null : new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const light: Light = !open ? 'none' : s === 'delayed' ? 'red' : rand() < 0.2 ? 'yellow' : 'green';
        return {
          consultation_id: consultationId,
          title: `${pick(ACTIONS)}${subject}${pick(OBJECTS)}`,
          content: sentence(subject) + sentence(subject),
          category: CATEGORIES[Math.floor((i * 3) / PEER_SHAPE.itemsPerConsultation)]!,
          domain: DOMAINS[i % DOMAINS.length]!,
          lead_unit_id: i % 2 ? host : partner,
          responsible: '',
          deadline,
          ongoing: ongoing ? 1 : 0,
          funding_yuan: i % 3 ? null : 500_000,
          status: s,
          progress: s === 'completed' ? 100 : Math.floor(rand() * 100),
          sort_order: (i % 50) + 1,
          version: 1,
          created_by: author.userId,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          light,
          closed_on: s === 'completed' ? '2026-06-30' : null,
        };
      });
      const ids = await tx.insertInto('items').values(values).returning('id').execute();
      first ||= ids[0]!.id;
      last = ids[ids.length - 1]!.id;
      items += ids.length;

      const reports = ids.flatMap(({ id }, i) =>
        PERIODS.slice(0, PEER_SHAPE.reportsPerItem).map((period) => {
          const subject = values[i]!.title.slice(2, 5);
          return {
            item_id: id,
            period,
            status: 'accepted',
            round: 1,
            progress_html: `<p>${sentence(subject)}${sentence(subject)}</p><p>${sentence(subject)}</p>`,
            percent: Math.floor(rand() * 100),
            problems: rand() < 0.5 ? sentence(subject) : '',
            next_steps: sentence(subject),
            author_id: author.userId,
            author_org_id: author.orgId,
            submitted_at: now,
            first_submitted_at: now,
            reviewed_by: null,
            reviewed_at: null,
            review_note: null,
            version: 1,
            created_at: now,
            updated_at: now,
          };
        }),
      );
      for (let i = 0; i < reports.length; i += 750) {
        await tx
          .insertInto('progress_reports')
          .values(reports.slice(i, i + 750))
          .execute();
      }
    }
    return { consultationIds, itemIds: { first, last }, items, reports: items * PEER_SHAPE.reportsPerItem };
  });
}
