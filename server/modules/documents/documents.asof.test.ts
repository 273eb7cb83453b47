// The bulletin of a past period prints that period as it stood at its end: counts, statuses,
// deadlines and warning lights of 30 September, although each item below changed after it and
// today (25 November) says something else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { openDocx, paragraphXml } from './documents.testkit.js';

let env: TestEnv;
let city: Agent;
let nyj: Agent;
let wangcang: number;
let items: { id: number; title: string }[];
/** A: its Q2 report came in after 30 September. B: its deadline was extended after it. C: started after it. D: stored red today, fine then. */
let A: { id: number; title: string };
let B: { id: number; title: string };
let C: { id: number; title: string };
let D: { id: number; title: string };

const base = '/api/v1';
const bulletin = (period: string) => `${base}/consultations/${wangcang}/bulletin.docx?period=${period}`;
const TODAY = new Date('2026-11-25T02:00:00.000Z');

/** A report for a period with its first submission instant, written as the reports module would have stored it. */
async function insertReport(itemId: number, period: string, at: string) {
  await env.db
    .insertInto('progress_reports')
    .values({
      item_id: itemId,
      period,
      status: 'accepted',
      round: 1,
      progress_html: '<p>按计划推进</p>',
      percent: 50,
      problems: '',
      next_steps: '',
      author_id: env.users['wangcang.nyj'],
      author_org_id: env.orgs['wangcang.nyj'],
      submitted_at: at,
      first_submitted_at: at,
      reviewed_by: env.users['city.coord'],
      reviewed_at: at,
      review_note: null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** The attachment table's row of an item: its cells' text, in column order. */
function rowOf(document: string, title: string): string[] {
  const row = [...document.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => paragraphXml(r).some((p) => p.text === title));
  expect(row, title).toBeDefined();
  return [...row!.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
    paragraphXml(c[0])
      .map((p) => p.text)
      .join('\n'),
  );
}

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  const ids = (await env.db.selectFrom('items').select('id').where('consultation_id', '=', wangcang).execute()).map((r) => r.id);
  const reportIds = (await env.db.selectFrom('progress_reports').select('id').where('item_id', 'in', ids).execute()).map((r) => r.id);
  if (reportIds.length) {
    await env.db.deleteFrom('report_contributions').where('report_id', 'in', reportIds).execute();
    await env.db.deleteFrom('progress_report_rounds').where('report_id', 'in', reportIds).execute();
    await env.db.deleteFrom('progress_reports').where('id', 'in', reportIds).execute();
  }
  await env.db.deleteFrom('item_milestones').where('item_id', 'in', ids).execute();
  await env.db.deleteFrom('change_requests').where('consultation_id', '=', wangcang).execute();
  await env.db.updateTable('consultations').set({ adopted_on: '2026-03-20', report_cycle: 'quarterly', report_due_days: 10 }).where('id', '=', wangcang).execute();
  // Every item on track at 30 September: in hand, half done, a distant deadline, Q2 reported in time.
  await env.db
    .updateTable('items')
    .set({ status: 'in_progress', progress: 50, closed_on: null, deadline: '2027-12-31', ongoing: 0, light: 'green', light_reasons_json: '[]' })
    .where('id', 'in', ids)
    .execute();
  items = await env.db
    .selectFrom('items')
    .select(['id', 'title'])
    .where('consultation_id', '=', wangcang)
    .where('deleted_at', 'is', null)
    .orderBy('category')
    .orderBy('sort_order')
    .execute();
  [A, B, C, D] = items;
  for (const i of items) if (i.id !== A.id) await insertReport(i.id, '2026Q2', '2026-07-05T02:00:00.000Z');
  await insertReport(A.id, '2026Q2', '2026-10-15T02:00:00.000Z');
  for (const i of items) if (i.id !== C.id) await insertReport(i.id, '2026Q3', '2026-10-05T02:00:00.000Z');
  // C had not started; the unit reporter's office leads it, so the report below is theirs to write.
  await env.db.updateTable('items').set({ status: 'not_started', progress: 0, lead_unit_id: env.orgs['wangcang.nyj'] }).where('id', '=', C.id).execute();
  await env.db.updateTable('items').set({ deadline: '2026-09-15' }).where('id', '=', B.id).execute();
  // D is red today for a reason of today; on 30 September it was on track.
  await env.db
    .updateTable('items')
    .set({ light: 'red', light_reasons_json: JSON.stringify([{ code: 'deadline_passed', message: '今日的红灯' }]) })
    .where('id', '=', D.id)
    .execute();

  // B's extension, filed on 10 September and approved on 25 November.
  env.clock.set(new Date('2026-09-10T02:00:00.000Z'));
  const partner = await env.login('wangcang.coord');
  const filed = await partner.req('POST', `${base}/items/${B.id}/change-requests`, { kind: 'extend', reason: '设备到货推迟', deadline: '2027-06-30' });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  env.clock.set(TODAY);
  city = await env.login('city.coord');
  nyj = await env.login('wangcang.nyj');
  const decided = await city.req('POST', `${base}/change-requests/${filed.body.id}/decision`, { approve: true, note: '同意' });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);

  // C's third-quarter report, accepted on 25 November: the item is started from then on.
  const rep = await nyj.req('POST', `${base}/items/${C.id}/reports`, { period: '2026Q3', progressHtml: '<p>已启动</p>', percent: 70, problems: '', nextSteps: '' });
  expect(rep.status, JSON.stringify(rep.body)).toBe(201);
  const review = await city.req('POST', `${base}/reports/${rep.body.id}/review`, { accept: true });
  expect(review.status, JSON.stringify(review.body)).toBe(200);
}, 60_000);
afterAll(() => env?.close());

describe(`documents: the bulletin as of the period's end (${dialect})`, () => {
  it('today the items say otherwise: B extended, C started, D red', async () => {
    const now = await env.db.selectFrom('items').select(['id', 'deadline', 'status', 'progress', 'light']).where('id', 'in', [B.id, C.id, D.id]).orderBy('id').execute();
    const byId = new Map(now.map((r) => [r.id, r]));
    expect(byId.get(B.id)!.deadline).toBe('2027-06-30');
    expect(byId.get(C.id)).toMatchObject({ status: 'in_progress', progress: 70 });
    expect(byId.get(D.id)!.light).toBe('red');
  });

  it('prints the counts, statuses, deadlines and lights of 30 September', async () => {
    const d = await openDocx(env, city, bulletin('2026Q3'));
    // C had not started then.
    expect(d.text).toContain(`截至2026年9月30日，广元市科学技术局 旺苍县人民政府 局县科技会商共有会商事项${items.length}项，已完成0项，推进中${items.length - 1}项，未启动1项`);
    expect(rowOf(d.document, C.title)[4]).toBe('未启动');
    // Red then: A, whose Q2 report was 82 days overdue, and B, 15 days past the deadline it had then.
    expect(d.text).toContain('截至2026年9月30日，亮红灯事项2项');
    expect(d.text).toContain(`${A.title}（牵头单位：`);
    expect(d.text).toContain('亮灯原因：2026年第二季度进展报告应于2026年7月10日前报送，已逾期82天未报送（超过15天）');
    expect(d.text).toContain(`${B.title}（牵头单位：`);
    expect(d.text).toContain('亮灯原因：已超过完成时限（2026年9月15日）15天，尚未完成');
    expect(rowOf(d.document, A.title)[6]).toBe('红灯');
    expect(rowOf(d.document, '序号')[6]).toBe('期末预警');
    expect(rowOf(d.document, B.title).slice(3)).toEqual(['2026年9月15日', '推进中', expect.any(String), '红灯']);
    // D's red of today is not the period's.
    expect(d.text).not.toContain('今日的红灯');
    expect(rowOf(d.document, D.title)[6]).toBe('绿灯');
    expect(d.text).not.toContain(`${D.title}（牵头单位：`);
  });

  it('a period still running is taken as it stands today', async () => {
    const d = await openDocx(env, city, bulletin('2026Q4'));
    expect(d.text).toContain(`截至2026年11月25日，广元市科学技术局 旺苍县人民政府 局县科技会商共有会商事项${items.length}项，已完成0项，推进中${items.length}项，未启动0项`);
    expect(rowOf(d.document, B.title)[3]).toBe('2027年6月30日');
    expect(rowOf(d.document, C.title)[4]).toBe('推进中');
    expect(rowOf(d.document, '序号')[6]).toBe('预警');
    // A's Q2 report is in now (late, which no longer lights it); B's new deadline is far.
    expect(rowOf(d.document, A.title)[6]).not.toBe('红灯');
    expect(rowOf(d.document, B.title)[6]).not.toBe('红灯');
  });
});
