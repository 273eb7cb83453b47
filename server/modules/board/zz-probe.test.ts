import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent, nyj: Agent, leader: Agent, wc: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  city = await env.login('city.coord');
  nyj = await env.login('wangcang.nyj');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
});
afterAll(() => env?.close());

it(`probe (${dialect})`, async () => {
  const item = await env.db.selectFrom('items').select(['id']).where('title', '=', '推动建设米仓山茶产业技术创新联盟').executeTakeFirstOrThrow();
  const cxItem = await env.db.selectFrom('items').select(['id']).where('consultation_id', '=', env.consultations.cangxi).executeTakeFirst();
  const id = item.id;
  const big = 1e20;
  const out: string[] = [];
  const probe = async (a: Agent, m: string, u: string, b?: unknown) => {
    const r = await a.req(m, u, b);
    out.push(`${r.status} ${m} ${u} ${JSON.stringify(b)?.slice(0, 80)} ${r.status >= 500 || r.status < 300 ? JSON.stringify(r.body).slice(0, 200) : r.body?.code}`);
    return r;
  };
  await probe(city, 'POST', `/api/v1/items/${id}/milestones`, { title: 'x', dueOn: '2026-12-01', doneOn: '2099-01-01' });
  const ms = await probe(city, 'POST', `/api/v1/items/${id}/milestones`, { title: 'x', dueOn: '2026-12-01' });
  await probe(city, 'PATCH', `/api/v1/milestones/${ms.body.id}`, { title: 'y', version: big });
  await probe(city, 'PATCH', `/api/v1/milestones/${ms.body.id}`, { title: 'y', version: 2147483648 });
  await probe(city, 'DELETE', `/api/v1/milestones/${ms.body.id}?version=100000000000000000000`);
  await probe(city, 'DELETE', `/api/v1/milestones/${ms.body.id}?version=abc`);
  await probe(city, 'POST', `/api/v1/items/${id}/milestones`, { title: 'x', dueOn: '99999-12-01' });
  await probe(city, 'POST', `/api/v1/items/${id}/milestones`, { title: 'x', dueOn: '0000-01-01' });
  if (cxItem) await probe(city, 'POST', `/api/v1/items/${cxItem.id}/milestones`, { title: 'x', dueOn: '2026-12-01' });
  if (cxItem) await probe(nyj, 'POST', `/api/v1/items/${cxItem.id}/reports`, { period: '2026Q3', progressHtml: 'x', percent: 1 });
  await probe(nyj, 'POST', `/api/v1/items/${id}/reports`, { period: '2026Q3', progressHtml: 'x', percent: 1e20 });
  await probe(nyj, 'POST', `/api/v1/items/${id}/reports`, { period: '2026Q3', progressHtml: 'x', percent: '50' });
  await probe(nyj, 'POST', `/api/v1/items/${id}/reports`, { period: '2099Q3', progressHtml: 'x', percent: 5 });
  await probe(nyj, 'POST', `/api/v1/items/${id}/reports`, { period: '2020Q3', progressHtml: 'x', percent: 5 });
  await probe(nyj, 'POST', `/api/v1/items/${id}/reports`, { period: '2026M03', progressHtml: 'x', percent: 5 });
  const rep = await probe(wc, 'POST', `/api/v1/items/${id}/reports`, { period: '2026Q3', progressHtml: 'x', percent: 5 });
  if (rep.body?.id) {
    await probe(city, 'POST', `/api/v1/reports/${rep.body.id}/review`, { accept: false, note: '', version: big });
    await probe(city, 'POST', `/api/v1/reports/${rep.body.id}/review`, { accept: 'yes' });
    await probe(city, 'POST', `/api/v1/reports/${rep.body.id}/review`, { accept: false, note: 'n' });
    await probe(wc, 'PUT', `/api/v1/reports/${rep.body.id}`, { progressHtml: 'y', percent: 3, version: big });
    await probe(nyj, 'POST', `/api/v1/reports/${rep.body.id}/contributions`, { text: 'c' });
  }
  await probe(city, 'POST', `/api/v1/items/${id}/supervision-notices`, { reason: 'r', requirements: 'q', responseDue: '2020-01-01' });
  const n = await probe(city, 'POST', `/api/v1/items/${id}/supervision-notices`, { reason: 'r', requirements: 'q', responseDue: '2026-12-20' });
  if (n.body?.id) {
    await probe(city, 'PATCH', `/api/v1/supervision-notices/${n.body.id}`, { reason: 'r2', version: big });
    await probe(nyj, 'POST', `/api/v1/supervision-notices/${n.body.id}/response`, { text: 'a' });
    await probe(leader, 'POST', `/api/v1/supervision-notices/${n.body.id}/signature`, { approve: 1 });
  }
  await probe(city, 'GET', `/api/v1/supervision-notices?consultationId=99999999999999`);
  await probe(city, 'GET', `/api/v1/supervision-notices?cursor=zzzz`);
  await probe(city, 'GET', `/api/v1/supervision-notices?cursor=${Buffer.from('[1e30]').toString('base64url')}`);
  await probe(city, 'GET', `/api/v1/board/items?consultationId=99999999999999`);
  await probe(city, 'GET', `/api/v1/board/items?leadUnitId=99999999999999`);
  await probe(city, 'GET', `/api/v1/board/items?cursor=zzzz`);
  await probe(city, 'GET', `/api/v1/board/items?cursor=${Buffer.from('[1e30]').toString('base64url')}`);
  await probe(city, 'GET', `/api/v1/board/items?cursor=${Buffer.from('[99999999999]').toString('base64url')}`);
  await probe(city, 'POST', `/api/v1/items/${id}/completion`, { summary: 's' });
  await probe(city, 'POST', `/api/v1/items/${id}/completion/review`, { approve: true, note: '' });
  await probe(city, 'POST', `/api/v1/items/${id}/reminders`, { note: 'x' });
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.wangcang}/bulletin.docx?period=2026Q9`);
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.wangcang}/bulletin.docx?period=1999Q1`);
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.wangcang}/summary.docx?year=1e3`);
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.wangcang}/summary.docx?year=99999999999`);
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.cangxi}/bulletin.docx?period=2026Q3`);
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.cangxi}/board`);
  await probe(city, 'PUT', `/api/v1/consultations/${env.consultations.wangcang}/supervision-settings`, { reportCycle: 'monthly', reportDueDays: 5, thresholds: { redReportLateDays: 15, yellowDeadlineDays: 30, yellowLagPoints: 20 }, reminderDays: [7], version: big });
  await probe(city, 'GET', `/api/v1/consultations/${env.consultations.wangcang}/ledger.xlsx?light=purple`);
  await probe(city, 'GET', `/api/v1/ledger-imports/99999999999`);
  await probe(city, 'GET', `/api/v1/ledger-imports/1`);
  console.log(out.join('\n'));
  expect(out.filter((l) => l.startsWith('5'))).toEqual([]);
});
