import type { ConsultationStatus } from '../../../domain/consultations.js';
import type { Kysely, Transaction } from 'kysely';
import { monthIndex, shiftMonths } from '../../../domain/dates.js';
import { DEFAULT_DOMAINS, wanToYuan } from '../../../domain/items.js';
import type { Database } from '../../platform/db-schema.js';
import { DEFAULT_PASSWORD_HASH_COST, type PasswordHashCost } from '../../platform/crypto.js';
import { setSetting, DEMO_MODE_KEY } from '../../modules/settings/settings.repo.js';
import { seedOrganisations, type OrgIds } from './organisations.seed.js';
import { seedUsers, type UserIds } from './users.seed.js';
import { insertVersion } from '../../modules/negotiation/negotiation.repo.js';
import { currentList } from '../../modules/negotiation/negotiation.service.js';
import { CANGXI_DATE, CANGXI_ITEMS, type DemoItem, LEDGER_DATE, WANGCANG_ITEMS } from './wangcang-items.seed.js';
import { seedProjectsAndProgrammes } from './projects.seed.js';
import { seedSupervisionDemo } from './supervision.seed.js';
import { seedIndicatorCatalogue, seedIndicatorDemo } from './indicators.seed.js';
import { seedAnnouncements } from './announcements.seed.js';
import { rebuildSearchIndex } from '../../modules/search/search.index.js';
import { refreshLights } from '../../modules/lights/lights.service.js';
import { PROVINCE_ITEMS } from './province-items.seed.js';

/**
 * How far to move a demo list written on `reference` so that its reference date falls two months
 * before today: a few deadlines have just passed, some are near, most lie ahead.
 */
export function demoShift(reference: string, today: string): number {
  return monthIndex(today) - monthIndex(reference) - 2;
}

export async function seedDomains(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .insertInto('dict_items')
    .values(
      DEFAULT_DOMAINS.map((value, i) => ({
        dict_type: 'item_domain',
        value,
        label: value,
        sort_order: (i + 1) * 10,
        enabled: 1,
        version: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** Organisations, domains and the demo accounts: what every test and the demo stand on. */
/** `hashCost`: argon2id cost of the demo password's hash (the production default unless given). */
export async function seedBase(db: Kysely<Database>, opts: { password: string; now: string; hashCost?: PasswordHashCost }): Promise<{ orgs: OrgIds; users: UserIds }> {
  const orgs = await seedOrganisations(db, opts.now);
  await seedDomains(db, opts.now);
  await seedIndicatorCatalogue(db, opts.now);
  const users = await seedUsers(db, orgs, opts.password, opts.now, opts.hashCost ?? DEFAULT_PASSWORD_HASH_COST);
  return { orgs, users };
}

function unitId(orgs: OrgIds, names: Map<string, number>, name: string): number {
  const id = names.get(name);
  if (id === undefined) throw new Error(`demo seed names an unknown unit: ${name}`);
  return id;
}

async function unitNames(db: Kysely<Database>, countyKey: string, orgs: OrgIds): Promise<Map<string, number>> {
  const rows = await db.selectFrom('organisations').select(['id', 'name', 'short_name', 'path']).execute();
  const countyPath = rows.find((r) => r.id === orgs[countyKey])!.path;
  const bureauPath = rows.find((r) => r.id === orgs.bureau)!.path;
  const map = new Map<string, number>();
  // Short names such as 县农业农村局 exist in every county: take the one in this county.
  for (const r of rows.filter((x) => x.path.startsWith(countyPath) || x.path.startsWith(bureauPath))) {
    map.set(r.name, r.id);
    if (r.short_name) map.set(r.short_name, r.id);
  }
  return map;
}

async function seedConsultation(
  db: Kysely<Database>,
  c: { title: string; theme: string; year: number; status: ConsultationStatus; host: number; partner: number; createdBy: number; now: string },
  items: DemoItem[],
  shift: number,
  names: Map<string, number>,
  orgs: OrgIds,
): Promise<number> {
  const row = await db
    .insertInto('consultations')
    .values({ title: c.title, year: c.year, theme: c.theme, status: c.status, version: 1, created_by: c.createdBy, created_at: c.now, updated_at: c.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('consultation_parties')
    .values([
      { consultation_id: row.id, org_id: c.host, side: 'host' },
      { consultation_id: row.id, org_id: c.partner, side: 'partner' },
    ])
    .execute();
  const order: Record<string, number> = {};
  for (const it of items) {
    order[it.category] = (order[it.category] ?? 0) + 1;
    const item = await db
      .insertInto('items')
      .values({
        consultation_id: row.id,
        title: it.title,
        content: it.content,
        category: it.category,
        domain: it.domain,
        lead_unit_id: unitId(orgs, names, it.lead),
        responsible: '',
        deadline: it.deadline ? shiftMonths(it.deadline, shift) : null,
        ongoing: it.deadline ? 0 : 1,
        funding_yuan: it.fundingWan === null ? null : wanToYuan(it.fundingWan),
        status: it.status,
        progress: it.progress,
        sort_order: order[it.category],
        version: 1,
        created_by: c.createdBy,
        created_at: c.now,
        updated_at: c.now,
        deleted_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (it.co.length) {
      await db
        .insertInto('item_co_units')
        .values(it.co.map((n, i) => ({ item_id: item.id, org_id: unitId(orgs, names, n), sort_order: i })))
        .execute();
    }
  }
  return row.id;
}

/** Marks items agreed, and for an adopted list records both confirmations and the frozen version. */
async function seedNegotiation(
  db: Kysely<Database>,
  consultationId: number,
  marks: { host: number; partner: number; at: string; adoptedOn?: string },
  plan: (index: number) => { host?: [boolean, string]; partner?: [boolean, string] },
  adopted: boolean,
) {
  const items = await currentList(db, consultationId);
  for (const [i, { item }] of items.entries()) {
    const p = plan(i);
    for (const side of ['host', 'partner'] as const) {
      const m = p[side];
      if (m) {
        await db
          .insertInto('item_agreements')
          .values({ item_id: item.id, side, agreed: m[0] ? 1 : 0, note: m[1], user_id: marks[side], at: marks.at })
          .execute();
      }
    }
  }
  if (!adopted) return;
  for (const side of ['host', 'partner'] as const) {
    await db.insertInto('adoption_confirmations').values({ consultation_id: consultationId, side, user_id: marks[side], at: marks.at }).execute();
  }
  const { id } = await insertVersion(db, { consultationId, label: '议定清单', kind: 'adopted', items: items.map((x) => x.item), userId: marks.host, at: marks.at });
  await db
    .updateTable('consultations')
    .set({ agreed_version_id: id, adopted_on: marks.adoptedOn ?? marks.at.slice(0, 10) })
    .where('id', '=', consultationId)
    .execute();
}

/** Links each province item to the 旺苍 and 苍溪 items it was broken down into, and lights the province's list. */
async function linkProvinceItems(db: Transaction<Database>, province: number, counties: Record<'wangcang' | 'cangxi', number>, opts: { now: string; today: string }) {
  const rows = await db.selectFrom('items').select(['id', 'title', 'consultation_id']).where('consultation_id', 'in', [province, counties.wangcang, counties.cangxi]).execute();
  const find = (consultationId: number, title: string) => {
    const row = rows.find((r) => r.consultation_id === consultationId && r.title === title);
    if (!row) throw new Error(`demo seed names an unknown item: ${title}`);
    return row.id;
  };
  for (const p of PROVINCE_ITEMS) {
    const parentId = find(province, p.title);
    const childIds = p.children.map((c) => find(counties[c.county], c.title));
    await db.updateTable('items').set({ parent_item_id: parentId }).where('id', 'in', childIds).execute();
  }
  await refreshLights(
    db,
    opts.today,
    opts.now,
    rows.filter((r) => r.consultation_id === province).map((r) => r.id),
    { recordEvents: false },
  );
}

/**
 * The demo: base data plus the 旺苍 consultation (30 items) and a smaller 苍溪 one, dated around
 * `today`, and the province's 厅市会商 whose items break down into theirs.
 */
export async function seedDemo(db: Kysely<Database>, opts: { password: string; now: string; today: string; hashCost?: PasswordHashCost }) {
  return db.transaction().execute(async (tx) => {
    const base = await seedBase(tx, opts);
    const { orgs, users } = base;
    const wShift = demoShift(LEDGER_DATE, opts.today);
    const wangcang = await seedConsultation(
      tx,
      {
        title: '广元市科学技术局 旺苍县人民政府 局县科技会商',
        theme: '携手共谋县域创新：清单制议题，市局直接支持、局县共同推动、局县共同争取三类事项（演示数据，取自示例台账）',
        year: Number(shiftMonths(LEDGER_DATE, wShift).slice(0, 4)),
        status: 'implementing',
        host: orgs.bureau,
        partner: orgs['wangcang.gov'],
        createdBy: users['city.coord'],
        now: opts.now,
      },
      WANGCANG_ITEMS,
      wShift,
      await unitNames(tx, 'wangcang', orgs),
      orgs,
    );
    const cShift = demoShift(CANGXI_DATE, opts.today);
    const cangxi = await seedConsultation(
      tx,
      {
        title: '广元市科学技术局 苍溪县人民政府 局县科技会商',
        theme: '猕猴桃产业科技支撑与县域创新能力提升（演示数据）',
        year: Number(shiftMonths(CANGXI_DATE, cShift).slice(0, 4)),
        status: 'negotiating',
        host: orgs.bureau,
        partner: orgs['cangxi.gov'],
        createdBy: users['city.coord'],
        now: opts.now,
      },
      CANGXI_ITEMS,
      cShift,
      await unitNames(tx, 'cangxi', orgs),
      orgs,
    );
    const marks = { host: users['city.coord'], partner: users['wangcang.coord'], at: opts.now };
    await seedNegotiation(tx, wangcang, marks, () => ({ host: [true, ''], partner: [true, ''] }), true);
    // 苍溪 is mid-negotiation: two items agreed by both, one by the bureau only, one questioned by the county.
    await seedNegotiation(
      tx,
      cangxi,
      { ...marks, partner: users['cangxi.coord'] },
      (i) =>
        i < 2 ? { host: [true, ''], partner: [true, ''] } : i === 2 ? { host: [true, ''] } : i === 3 ? { host: [true, ''], partner: [false, '建议将完成时限调整为明年年底'] } : {},
      false,
    );
    await seedProjectsAndProgrammes(tx, {
      bureau: orgs.bureau,
      createdBy: users['city.coord'],
      consultationId: wangcang,
      year: Number(shiftMonths(LEDGER_DATE, wShift).slice(0, 4)),
      shift: wShift,
      now: opts.now,
    });
    await seedSupervisionDemo(tx, { consultationId: wangcang, orgs, users, today: opts.today, now: opts.now });
    await seedIndicatorDemo(tx, orgs, users, opts.now);
    await seedAnnouncements(tx, orgs, users, opts.now);
    const province = await seedConsultation(
      tx,
      {
        title: '四川省科学技术厅 广元市人民政府 厅市科技会商',
        theme: '省市联动推进区域创新：厅市会商事项分解到局县会商落实（演示数据）',
        year: Number(shiftMonths(LEDGER_DATE, wShift).slice(0, 4)),
        status: 'implementing',
        host: orgs['sichuan.kjt'],
        partner: orgs['guangyuan.gov'],
        createdBy: users['province.coord'],
        now: opts.now,
      },
      PROVINCE_ITEMS,
      wShift,
      await unitNames(tx, 'wangcang', orgs),
      orgs,
    );
    await seedNegotiation(
      tx,
      province,
      { host: users['province.coord'], partner: users['guangyuan.coord'], at: opts.now },
      () => ({ host: [true, ''], partner: [true, ''] }),
      true,
    );
    await linkProvinceItems(tx, province, { wangcang, cangxi }, opts);
    // The seed writes its rows directly, around the services that index what they write.
    await rebuildSearchIndex(tx);
    await setSetting(tx, DEMO_MODE_KEY, 'true');
    return { ...base, consultations: { wangcang, cangxi, province } };
  });
}
