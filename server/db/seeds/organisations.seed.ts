import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db-schema.js';

/** One node of the seeded tree; `key` names it for the other seeds and for tests. */
interface OrgSeed {
  key: string;
  name: string;
  shortName?: string;
  kind: 'province' | 'city' | 'county' | 'government' | 'department' | 'other';
  code?: string;
  children?: OrgSeed[];
}

function countyGov(key: string, county: string, code: string, departments: OrgSeed[] = [], extra: OrgSeed[] = []): OrgSeed {
  const short = county.endsWith('区') ? '区人民政府' : '县人民政府';
  return {
    key,
    name: county,
    kind: 'county',
    code,
    children: [{ key: `${key}.gov`, name: `${county}人民政府`, shortName: short, kind: 'government', children: departments }, ...extra],
  };
}

const bureauOffice = (key: string, office: string): OrgSeed => ({
  key: `bureau.${key}`,
  name: `广元市科学技术局${office}`,
  shortName: `市科技局${office}`,
  kind: 'department',
});

const countyDept = (county: string, key: string, dept: string, shortName?: string): OrgSeed => ({
  key,
  name: `${county}${dept}`,
  shortName: shortName ?? `县${dept}`,
  kind: 'department',
});

/** The real GB/T 2260 divisions of 广元, the units the Wangcang ledger names, and the province's 科技厅. */
export const ORG_TREE: OrgSeed = {
  key: 'sichuan',
  name: '四川省',
  kind: 'province',
  code: '510000',
  children: [
    {
      key: 'guangyuan',
      name: '广元市',
      kind: 'city',
      code: '510800',
      children: [
        {
          key: 'bureau',
          name: '广元市科学技术局',
          shortName: '市科技局',
          kind: 'department',
          children: [
            bureauOffice('office', '办公室'),
            bureauOffice('hightech', '高新技术科'),
            bureauOffice('rural', '农村科技科'),
            bureauOffice('transfer', '成果转化科'),
            bureauOffice('talent', '人才科'),
            bureauOffice('social', '社会发展科'),
            bureauOffice('popsci', '科普科'),
          ],
        },
        countyGov('lizhou', '利州区', '510802'),
        countyGov('zhaohua', '昭化区', '510811'),
        countyGov('chaotian', '朝天区', '510812'),
        countyGov(
          'wangcang',
          '旺苍县',
          '510821',
          [
            countyDept('旺苍县', 'wangcang.jxkj', '经济信息化和科学技术局'),
            countyDept('旺苍县', 'wangcang.nyj', '农业农村局'),
            countyDept('旺苍县', 'wangcang.zrzy', '自然资源局'),
            countyDept('旺苍县', 'wangcang.wglj', '文化广播电视和旅游局'),
            { key: 'wangcang.furniture', name: '中国西部（旺苍）绿色家居产业城管委会', kind: 'other' },
            { key: 'wangcang.agripark', name: '旺苍农业科技园区管委会', kind: 'other' },
          ],
          [
            { key: 'wangcang.zzb', name: '中共旺苍县委组织部', shortName: '县委组织部', kind: 'other' },
            { key: 'wangcang.kx', name: '旺苍县科学技术协会', shortName: '县科协', kind: 'other' },
            { key: 'wangcang.pbc', name: '中国人民银行旺苍县支行', shortName: '人行旺苍县支行', kind: 'other' },
          ],
        ),
        countyGov('qingchuan', '青川县', '510822'),
        countyGov('jiange', '剑阁县', '510823'),
        countyGov('cangxi', '苍溪县', '510824', [countyDept('苍溪县', 'cangxi.jxkj', '经济信息化和科学技术局'), countyDept('苍溪县', 'cangxi.nyj', '农业农村局')]),
        // Last of the city's nodes, so the ids of everything seeded before stay as they were.
        { key: 'guangyuan.gov', name: '广元市人民政府', shortName: '市人民政府', kind: 'government' },
      ],
    },
    // The province's side of the 厅市会商 (上下联动): a department under the province.
    { key: 'sichuan.kjt', name: '四川省科学技术厅', shortName: '省科技厅', kind: 'department' },
  ],
};

export type OrgIds = Record<string, number>;

export async function seedOrganisations(db: Kysely<Database>, now: string): Promise<OrgIds> {
  const ids: OrgIds = {};
  async function insert(node: OrgSeed, parentId: number | null, parentPath: string, order: number) {
    const row = await db
      .insertInto('organisations')
      .values({
        parent_id: parentId,
        name: node.name,
        short_name: node.shortName ?? null,
        kind: node.kind,
        division_code: node.code ?? null,
        path: '',
        sort_order: order,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parentPath}${row.id}/`;
    await db.updateTable('organisations').set({ path }).where('id', '=', row.id).execute();
    ids[node.key] = row.id;
    let i = 0;
    for (const child of node.children ?? []) await insert(child, row.id, path, i++);
  }
  await insert(ORG_TREE, null, '/', 0);
  return ids;
}
