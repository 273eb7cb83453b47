import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import { listAudit } from './audit-log.service.js';

let env: TestEnv;
let audit: Agent; // the audit administrator: the only reader of the log
let city: Agent; // host coordinator: edits, drafts notices, keeps milestones
let leader: Agent; // host leader: signs
let nyj: Agent; // reporter of 县农业农村局, the lead unit of MICANG

// Demo item (server/db/seeds), led by 旺苍县农业农村局 and owing its 2026Q3 report.
const MICANG = '推动建设米仓山茶产业技术创新联盟';
const CONSULTATION = '广元市科学技术局 旺苍县人民政府 局县科技会商';

let itemId: number;
let reportId: number;
let noticeId: number;
let milestoneId: number;

type Entry = { action: string; entityType: string; entityId: number | null; entityTitle: string | null };

async function log(query = ''): Promise<Entry[]> {
  const r = await audit.req('GET', `/api/v1/audit-log?limit=100${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data;
}
const find = (rows: Entry[], action: string, entityId: number) => rows.find((e) => e.action === action && e.entityId === entityId);

// One set of real actions, read by every test below: reading the log changes nothing.
beforeAll(async () => {
  env = await createTestEnv();
  audit = await env.login('auditadmin');
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  nyj = await env.login('wangcang.nyj');
  itemId = (await env.db.selectFrom('items').select('id').where('title', '=', MICANG).executeTakeFirstOrThrow()).id;
  // Past its deadline, so the host may issue a supervision notice on it.
  await env.db.updateTable('items').set({ deadline: '2026-11-01', ongoing: 0, status: 'in_progress', progress: 30 }).where('id', '=', itemId).execute();

  const item = (await city.req('GET', `/api/v1/items/${itemId}`)).body;
  const edited = await city.req('PATCH', `/api/v1/items/${itemId}`, { version: item.version, responsible: '王责任' });
  expect(edited.status, JSON.stringify(edited.body)).toBe(200);

  const report = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, {
    period: '2026Q3',
    progressHtml: '<p>完成联盟章程起草</p>',
    percent: 45,
    problems: '成员单位意见尚未统一',
    nextSteps: '召开成立大会',
  });
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  reportId = report.body.id;

  const notice = await city.req('POST', `/api/v1/items/${itemId}/supervision-notices`, {
    reason: '事项已超过完成时限，进度滞后',
    requirements: '请于期限内书面报告进展和整改措施',
    responseDue: '2026-12-10',
  });
  expect(notice.status, JSON.stringify(notice.body)).toBe(201);
  noticeId = notice.body.id;
  const signed = await leader.req('POST', `/api/v1/supervision-notices/${noticeId}/signature`, { approve: true });
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);

  const m = await city.req('POST', `/api/v1/items/${itemId}/milestones`, { title: '完成联盟章程', dueOn: '2026-12-30' });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  milestoneId = m.body.id;
  expect((await city.req('DELETE', `/api/v1/milestones/${milestoneId}?version=1`)).status).toBe(200);
});
afterAll(() => env?.close());

describe(`audit log: the objects by name (${dialect})`, () => {
  it('names an edited item by its title and consultation, a report by its item and period, a notice by its number and item', async () => {
    const rows = await log();
    expect(find(rows, 'item.update', itemId)).toMatchObject({ entityType: 'item', entityTitle: `${MICANG}（${CONSULTATION}）` });
    expect(find(rows, 'report.submit', reportId)).toMatchObject({ entityType: 'report', entityTitle: `${MICANG} · 2026年第三季度` });
    const signedTitle = `广科督〔2026〕1号 · ${MICANG}`;
    expect(find(rows, 'notice.sign', noticeId)).toMatchObject({ entityType: 'supervision_notice', entityTitle: signedTitle });
    // The title is the object's present name: the draft's row shows the number it has since been given.
    expect(find(rows, 'notice.create', noticeId)?.entityTitle).toBe(signedTitle);
  });

  it('names a deleted object from its row’s snapshot, and people and organisations by their names', async () => {
    const rows = await log();
    expect(find(rows, 'milestone.delete', milestoneId)?.entityTitle).toBe('完成联盟章程');
    expect(find(rows, 'milestone.create', milestoneId)?.entityTitle).toBe('完成联盟章程');
    const sys = await env.login('sysadmin');
    const user = await sys.req('POST', '/api/v1/users', { username: 'jiange.coord', displayName: '剑阁县联络员', orgId: env.orgs['jiange.gov'], password: 'Strong#Pass2026' });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const org = await sys.req('POST', '/api/v1/organisations', { name: '旺苍县科技服务中心', kind: 'department', parentId: env.orgs['wangcang.gov'] });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const later = await log();
    expect(find(later, 'user.create', user.body.id)?.entityTitle).toBe('剑阁县联络员（jiange.coord）');
    expect(find(later, 'org.create', org.body.id)?.entityTitle).toBe('旺苍县科技服务中心');
  });

  it('filters by 进展报告 and by 督办单, with the titles, and refuses a kind it does not know', async () => {
    const reports = await log('&entityType=report');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((e) => e.entityType === 'report')).toBe(true);
    expect(reports.map((e) => e.entityTitle)).toContain(`${MICANG} · 2026年第三季度`);

    const notices = await log('&entityType=supervision_notice');
    expect(notices.map((e) => e.action).sort()).toEqual(['notice.create', 'notice.sign']);
    expect(notices.every((e) => e.entityType === 'supervision_notice' && e.entityId === noticeId)).toBe(true);

    const bad = await audit.req('GET', '/api/v1/audit-log?entityType=nonsense');
    expect(bad.status).toBe(400);
  });

  it('pages through the log with the titles on every page', async () => {
    const first = await audit.req('GET', '/api/v1/audit-log?limit=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await audit.req('GET', `/api/v1/audit-log?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data[0].id).toBeLessThan(first.body.data[1].id);
    for (const e of [...first.body.data, ...second.body.data] as Entry[]) expect(e).toHaveProperty('entityTitle');
  });

  it('names a page of rows with one query per kind of object on it, however many rows there are', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const page = await listAudit(env.db.withPlugin(counting), { limit: 100 });
    const kinds = new Set(page.data.filter((e) => e.entityId !== null).map((e) => e.entityType));
    expect(page.data.length).toBeGreaterThan(kinds.size);
    expect(kinds.size).toBeGreaterThan(3);
    expect(queries).toBe(1 + kinds.size);
  });

  it('filters by China-time day, the first and last day included', async () => {
    const today = env.clock.today();
    const all = await log();
    expect(all.length).toBeGreaterThan(0);
    expect(await log(`&from=${today}&to=${today}`)).toHaveLength(all.length);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await log(`&to=${yesterday}`)).toHaveLength(0);
    expect((await audit.req('GET', '/api/v1/audit-log?from=2026-02-30')).status).toBe(400);
  });

  it('exports what the filters select as a workbook: real times, Chinese labels, a filter row', async () => {
    const rows = await log('&entityType=report');
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/audit-log/export.xlsx?entityType=report', headers: { cookie: audit.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['序号', '时间（北京时间）', '操作人', '操作', '对象']));
    expect(ws.rowCount).toBe(rows.length + 1);
    expect(ws.getCell('A2').value).toBe((rows[0] as unknown as { id: number }).id);
    expect(ws.getCell('B2').value).toBeInstanceOf(Date);
    expect(ws.getCell('E2').value).toBe('进展报告');
    expect(ws.getCell('F2').value).toBe(rows[0]!.entityTitle);
    expect(ws.autoFilter).toBeTruthy();
    const refused = await env.app.inject({ method: 'GET', url: '/api/v1/audit-log/export.xlsx', headers: { cookie: city.cookie } });
    expect(refused.statusCode).toBe(403);
  });

  it('is for the audit administrator only', async () => {
    expect((await env.anon('GET', '/api/v1/audit-log')).status).toBe(401);
    expect((await city.req('GET', '/api/v1/audit-log')).status).toBe(403);
  });
});
