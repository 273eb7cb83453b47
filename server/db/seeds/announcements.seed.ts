import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db-schema.js';
import { recipientIds } from '../../modules/announcements/announcements.office.js';
import type { OrgIds } from './organisations.seed.js';
import type { UserIds } from './users.seed.js';

interface DemoAnnouncement {
  kind: 'notice' | 'bulletin';
  title: string;
  body: string;
  pinned: boolean;
  office: string;
  author: string;
  roles: string[];
  orgs: string[];
  published: boolean;
}

/** Demo 通知公告, each titled as demo data: one the bureau sent the counties, one it is still drafting, and the system administrator's bulletin. */
const DEMO: DemoAnnouncement[] = [
  {
    kind: 'notice',
    title: '关于报送本季度局县科技会商事项进展情况的通知（演示数据）',
    body: '各县区人民政府：\n\n请各县区联络员组织牵头单位，于本季度末前在系统中报送会商清单事项的进展情况，并上传佐证材料。红灯事项请说明原因和整改措施。\n\n联系人：市科技局办公室（演示）',
    pinned: true,
    office: 'bureau',
    author: 'city.coord',
    roles: ['partner_coordinator', 'unit_reporter'],
    orgs: [],
    published: true,
  },
  {
    kind: 'notice',
    title: '关于开展年度县域创新指标填报工作的通知（演示草稿）',
    body: '各县区人民政府：\n\n请于下月底前完成上一年度县域创新指标的填报。（演示数据，尚未发布）',
    pinned: false,
    office: 'bureau',
    author: 'city.coord',
    roles: ['partner_coordinator'],
    orgs: ['wangcang', 'cangxi'],
    published: false,
  },
  {
    kind: 'bulletin',
    title: '系统维护公告（演示数据）',
    body: '为提升系统性能，平台将于本周六 22:00—24:00 进行例行维护，期间暂停访问。请提前保存正在填写的内容。',
    pinned: false,
    office: 'guangyuan',
    author: 'sysadmin',
    roles: [],
    orgs: [],
    published: true,
  },
];

export async function seedAnnouncements(tx: Transaction<Database>, orgs: OrgIds, users: UserIds, now: string): Promise<void> {
  for (const d of DEMO) {
    const orgId = orgs[d.office]!;
    const row = await tx
      .insertInto('announcements')
      .values({
        kind: d.kind,
        title: d.title,
        body: d.body,
        pinned: d.pinned ? 1 : 0,
        status: d.published ? 'published' : 'draft',
        org_id: orgId,
        author_id: users[d.author]!,
        audience_roles: JSON.stringify(d.roles),
        created_at: now,
        updated_at: now,
        published_at: d.published ? now : null,
        version: 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const audience = d.orgs.map((k) => orgs[k]!);
    if (audience.length) {
      await tx
        .insertInto('announcement_orgs')
        .values(audience.map((o) => ({ announcement_id: row.id, org_id: o })))
        .execute();
    }
    if (!d.published) continue;
    const paths = await tx
      .selectFrom('organisations')
      .select(['id', 'path'])
      .where('id', 'in', [orgId, ...audience])
      .execute();
    const pathOf = (id: number) => paths.find((p) => p.id === id)!.path;
    const reach = await recipientIds(tx, row, audience.map(pathOf), { orgId, orgPath: pathOf(orgId) });
    if (reach.length) {
      await tx
        .insertInto('announcement_recipients')
        .values(reach.map((u) => ({ announcement_id: row.id, user_id: u, read_at: null })))
        .execute();
    }
  }
}
