import type { Kysely, Transaction } from 'kysely';
import { shiftMonths } from '../../../domain/dates.js';
import { addDays, dueDateOf, owedPeriods, periodLabel, type ReportCycle } from '../../../domain/periods.js';
import type { Database } from '../../platform/db-schema.js';
import { refreshLights } from '../../modules/lights/lights.service.js';
import type { OrgIds } from './organisations.seed.js';
import type { UserIds } from './users.seed.js';

/**
 * DEMO DATA (演示). Brings the 旺苍 list to life: adopted eight months before today, with milestones
 * and quarterly reports for the periods since, so the lights show a realistic mix. Which report is
 * accepted, returned, in review, late or missing follows the item's position, so the demo is the same
 * every time it is seeded for a given day.
 */
export const DEMO_ADOPTION_MONTHS_AGO = 8;

const at = (day: string, hour = 9) => `${addDays(day, hour < 8 ? -1 : 0)}T${String((hour + 16) % 24).padStart(2, '0')}:00:00.000Z`;

type Plan = 'accepted' | 'missing' | 'submitted' | 'returned' | 'late';
/** The latest period's fate by position; earlier periods were all reported and accepted. */
function planFor(index: number): Plan {
  switch (index % 10) {
    case 3:
      return 'missing';
    case 5:
      return 'returned';
    case 7:
      return 'submitted';
    case 9:
      return 'late';
    default:
      return 'accepted';
  }
}

export async function seedSupervisionDemo(db: Transaction<Database>, v: { consultationId: number; orgs: OrgIds; users: UserIds; today: string; now: string }): Promise<void> {
  const adoptedOn = shiftMonths(v.today, -DEMO_ADOPTION_MONTHS_AGO);
  await db.updateTable('consultations').set({ adopted_on: adoptedOn }).where('id', '=', v.consultationId).execute();
  const c = await db.selectFrom('consultations').select(['report_cycle', 'report_due_days']).where('id', '=', v.consultationId).executeTakeFirstOrThrow();
  const periods = owedPeriods(c.report_cycle as ReportCycle, adoptedOn, v.today);
  const items = await db
    .selectFrom('items')
    .select(['id', 'title', 'status', 'progress', 'lead_unit_id', 'version'])
    .where('consultation_id', '=', v.consultationId)
    .where('deleted_at', 'is', null)
    .orderBy('category')
    .orderBy('sort_order')
    .execute();
  const coUnits = await db
    .selectFrom('item_co_units')
    .select(['item_id', 'org_id'])
    .where('item_id', 'in', items.length ? items.map((i) => i.id) : [0])
    .execute();
  const nyjOrg = v.orgs['wangcang.nyj'];
  const partnerOrg = v.orgs['wangcang.gov'];
  const reviewer = v.users['city.coord'];

  for (const [index, item] of items.entries()) {
    // Milestones: a plan on every fourth item, and an overdue one on some others.
    if (index % 4 === 0) {
      await milestone(db, item.id, '完成实施方案编制（演示）', shiftMonths(adoptedOn, 2), addDays(shiftMonths(adoptedOn, 2), -3), 1, v);
      await milestone(db, item.id, '完成中期评估（演示）', addDays(v.today, 40), null, 2, v);
    } else if (index % 6 === 1) {
      await milestone(db, item.id, '完成项目立项（演示）', addDays(v.today, -10), null, 1, v);
    }

    if (item.status === 'completed' || item.status === 'cancelled' || !periods.length) continue;
    const byNyj = item.lead_unit_id === nyjOrg;
    const author = byNyj ? v.users['wangcang.nyj'] : v.users['wangcang.coord'];
    const authorOrg = byNyj ? nyjOrg : partnerOrg;
    const plan = planFor(index);
    // The item's recorded progress is what its last accepted report said; earlier reports climb to it,
    // and a report still in review (or sent back) claims a little more.
    const acceptedCount = plan === 'accepted' || plan === 'late' ? periods.length : periods.length - 1;
    let hasAccepted = false;
    for (const [k, p] of periods.entries()) {
      const latest = k === periods.length - 1;
      const fate: Plan = latest ? plan : 'accepted';
      if (fate === 'missing') continue;
      const due = dueDateOf(p, c.report_due_days);
      const percent = fate === 'submitted' || fate === 'returned' ? Math.min(100, item.progress + 10) : Math.round((item.progress * (k + 1)) / acceptedCount);
      const submitted = fate === 'late' ? at(addDays(due, 6)) : at(addDays(due, -3));
      const decidedOn = fate === 'late' ? addDays(due, 9) : addDays(due, 2);
      const content = {
        progressHtml: `<p>${periodLabel(p.code)}，${item.title}按计划推进，累计完成约${percent}%。（演示数据）</p>`,
        percent,
        problems: percent < 50 ? '项目资金到位较慢，需协调加快拨付。（演示）' : '',
        nextSteps: '下一阶段继续推进实施，按期报送进展。（演示）',
      };
      const status = fate === 'late' ? 'accepted' : fate;
      const r = await db
        .insertInto('progress_reports')
        .values({
          item_id: item.id,
          period: p.code,
          status,
          round: 1,
          progress_html: content.progressHtml,
          percent,
          problems: content.problems,
          next_steps: content.nextSteps,
          author_id: author,
          author_org_id: authorOrg,
          submitted_at: submitted,
          first_submitted_at: submitted,
          reviewed_by: status === 'submitted' ? null : reviewer,
          reviewed_at: status === 'submitted' ? null : at(decidedOn, 15),
          review_note: status === 'returned' ? '佐证材料不足，请补充项目进度照片和资金拨付凭证后重新报送。（演示）' : null,
          version: status === 'submitted' ? 1 : 2,
          created_at: submitted,
          updated_at: status === 'submitted' ? submitted : at(decidedOn, 15),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('progress_report_rounds')
        .values({
          report_id: r.id,
          round: 1,
          snapshot_json: JSON.stringify(content),
          submitted_by: author,
          submitted_at: submitted,
          decision: status === 'submitted' ? null : status,
          decision_note: status === 'returned' ? '佐证材料不足，请补充项目进度照片和资金拨付凭证后重新报送。（演示）' : null,
          decided_by: status === 'submitted' ? null : reviewer,
          decided_at: status === 'submitted' ? null : at(decidedOn, 15),
        })
        .execute();
      const co = coUnits.find((x) => x.item_id === item.id && x.org_id === nyjOrg);
      if (co && latest) {
        await db
          .insertInto('report_contributions')
          .values({
            report_id: r.id,
            org_id: nyjOrg,
            author_id: v.users['wangcang.nyj'],
            text: '县农业农村局配合完成示范基地选址和技术培训2场次。（演示）',
            version: 1,
            created_at: submitted,
            updated_at: submitted,
          })
          .execute();
      }
      if (status === 'accepted') hasAccepted = true;
    }
    // An accepted report moves a not-started item into progress, as a review would.
    if (hasAccepted && item.status === 'not_started') {
      await db.updateTable('items').set({ status: 'in_progress' }).where('id', '=', item.id).execute();
    }
  }
  await refreshLights(
    db,
    v.today,
    v.now,
    items.map((i) => i.id),
    { recordEvents: false },
  );
}

async function milestone(db: Kysely<Database>, itemId: number, title: string, dueOn: string, doneOn: string | null, order: number, v: { users: UserIds; now: string }) {
  await db
    .insertInto('item_milestones')
    .values({ item_id: itemId, title, due_on: dueOn, done_on: doneOn, sort_order: order, version: 1, created_by: v.users['wangcang.coord'], created_at: v.now, updated_at: v.now })
    .execute();
}
