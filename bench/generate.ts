import { CATEGORIES, DEFAULT_DOMAINS, ITEM_STATUSES } from '../domain/items.js';
import type { Db } from '../server/platform/db.js';

/**
 * Province scale for one city: every county of 广元 with several years of consultations of 30 items,
 * plus 20 more cities' bureaus each with their own, so scoping has real rows to skip.
 */
export async function generateProvince(db: Db, orgs: Record<string, number>, createdBy: number) {
  const now = new Date().toISOString();
  const counties = ['lizhou.gov', 'zhaohua.gov', 'chaotian.gov', 'wangcang.gov', 'qingchuan.gov', 'jiange.gov', 'cangxi.gov'].map((k) => orgs[k]);
  const hosts: number[] = [orgs.bureau];
  for (let c = 0; c < 20; c++) {
    const row = await db
      .insertInto('organisations')
      .values({
        parent_id: orgs.sichuan,
        name: `基准测试市${c}科学技术局`,
        short_name: null,
        kind: 'department',
        division_code: null,
        path: '',
        sort_order: 100 + c,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('organisations')
      .set({ path: `/${orgs.sichuan}/${row.id}/` })
      .where('id', '=', row.id)
      .execute();
    hosts.push(row.id);
  }
  let consultations = 0;
  let items = 0;
  for (const host of hosts) {
    for (const partner of counties) {
      for (const year of [2023, 2024, 2025, 2026]) {
        const c = await db
          .insertInto('consultations')
          .values({
            title: `基准 ${host}-${partner}-${year}`,
            year,
            theme: '基准测试数据',
            status: 'implementing',
            version: 1,
            created_by: createdBy,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('consultation_parties')
          .values([
            { consultation_id: c.id, org_id: host, side: 'host' },
            { consultation_id: c.id, org_id: partner, side: 'partner' },
          ])
          .execute();
        const values = Array.from({ length: 30 }, (_, i) => ({
          consultation_id: c.id,
          title: `基准事项 ${i + 1}：推动县域科技创新能力提升`,
          content: '基准测试内容，模拟台账中的主要内容及目标。',
          category: CATEGORIES[Math.floor(i / 10)],
          domain: DEFAULT_DOMAINS[i % DEFAULT_DOMAINS.length],
          lead_unit_id: i % 2 ? host : partner,
          responsible: '',
          deadline: `${year}-12-31`,
          ongoing: 0,
          funding_yuan: i % 3 ? null : 500_000,
          status: ITEM_STATUSES[i % 4],
          progress: (i * 7) % 100,
          sort_order: (i % 10) + 1,
          version: 1,
          created_by: createdBy,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        }));
        await db.insertInto('items').values(values).execute();
        consultations++;
        items += values.length;
      }
    }
  }
  return { consultations, items };
}
