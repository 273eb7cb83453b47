import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../domain/items.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';
import {
  documentsScenario,
  expectAttachment,
  expectGbLayout,
  expectHeadingsAndDates,
  expectRecordFooter,
  expectRedHeader,
  expectSeqColumnsFit,
  expectSignature,
  fetchDocument,
  openDocx,
  sectionCounts,
} from './documents.testkit.js';

let env: TestEnv;
let city: Agent; // host coordinator
let leader: Agent; // host leader
let wc: Agent; // 旺苍 partner coordinator
let nyj: Agent; // 旺苍 unit reporter
let cx: Agent; // 苍溪: another county
let admin: Agent;
let wangcang: number;
let cangxi: number;
let meetingId: number;
let signedNotice: number;
let draftNotice: number;
let items: { id: number; title: string; category: string; lead_unit_id: number | null }[];
let redIds: number[];

const base = '/api/v1';
const bulletin = (period: string, id = wangcang) => `${base}/consultations/${id}/bulletin.docx?period=${period}`;
const summary = (year: number | string, id = wangcang) => `${base}/consultations/${id}/summary.docx?year=${year}`;
const minutes = (id = meetingId) => `${base}/meetings/${id}/minutes.docx`;
const notice = (id: number) => `${base}/supervision-notices/${id}/document.docx`;

const download = (agent: Agent, url: string) => fetchDocument(env, agent, url);
const open = (agent: Agent, url: string) => openDocx(env, agent, url);

const expectedCounts = () => Object.fromEntries(CATEGORIES.map((c) => [c, items.filter((i) => i.category === c).length]));

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  cangxi = env.consultations.cangxi;
  city = await env.login('city.coord');
  leader = await env.login('city.leader');
  wc = await env.login('wangcang.coord');
  nyj = await env.login('wangcang.nyj');
  cx = await env.login('cangxi.coord');
  admin = await env.login('sysadmin');

  ({ items, redIds, meetingId, signedNotice, draftNotice } = await documentsScenario(env, city));
});
afterAll(() => env?.close());

describe(`documents: who may download (${dialect})`, () => {
  it('asks for a sign-in', async () => {
    for (const url of [bulletin('2026Q3'), summary(2026), minutes(), notice(signedNotice)]) {
      const r = await env.anon('GET', url);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('gives readers of the owning record the document, and everyone else the same 404 as a missing record', async () => {
    for (const agent of [city, leader, wc, nyj]) {
      for (const url of [bulletin('2026Q3'), summary(2026), minutes(), notice(signedNotice)]) {
        const r = await download(agent, url);
        expect(r.status, `${agent.username} ${url}`).toBe(200);
      }
    }
    for (const url of [bulletin('2026Q3'), summary(2026), minutes(), notice(signedNotice)]) {
      const r = await download(cx, url);
      expect(r.status, url).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    for (const url of [`${base}/consultations/999999/bulletin.docx?period=2026Q3`, `${base}/meetings/999999/minutes.docx`, notice(999999)]) {
      expect((await download(city, url)).status).toBe(404);
    }
    // Administrators hold no business data.
    const r = await download(admin, bulletin('2026Q3'));
    expect([403, 404]).toContain(r.status);
  });

  it('keeps an unsigned notice inside the bureau', async () => {
    expect((await download(city, notice(draftNotice))).status).toBe(200);
    expect((await download(leader, notice(draftNotice))).status).toBe(200);
    for (const agent of [wc, nyj, cx]) {
      const r = await download(agent, notice(draftNotice));
      expect(r.status, agent.username).toBe(404);
    }
  });

  it('refuses a malformed or foreign period and an impossible year with 400, naming the field', async () => {
    const cases: [string, string][] = [
      [bulletin('2026Q5'), 'query.period'],
      [bulletin('Q3-2026'), 'query.period'],
      [`${base}/consultations/${wangcang}/bulletin.docx`, 'query.period'],
      [bulletin('2026M07'), 'query.period'], // monthly code for a quarterly consultation
      [bulletin('2027Q2'), 'query.period'], // not begun
      [bulletin('2025Q4'), 'query.period'], // before the consultation's year, as the summary refuses
      [summary('20x6'), 'query.year'],
      [summary(1999), 'query.year'],
      [summary(2025), 'query.year'], // before the consultation's year
      [summary(2027), 'query.year'], // not begun
    ];
    for (const [url, field] of cases) {
      const r = await download(city, url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(r.body.error.details), url).toContain(field);
    }
  });

  it('names the file in Chinese (RFC 5987) with an ASCII fallback', async () => {
    const r = await download(city, bulletin('2026Q3'));
    const cd = String(r.headers['content-disposition']);
    const star = /filename\*=UTF-8''(.+)$/.exec(cd)![1];
    expect(decodeURIComponent(star)).toBe('进展通报-广元市科学技术局 旺苍县人民政府 局县科技会商-2026年第三季度.docx');
    expect(/filename="([^"]*)"/.exec(cd)![1]).toMatch(/^[\x20-\x7e]+$/);
    expect(r.headers['cache-control']).toBe('private, no-store');
  });
});

describe(`documents: layout and content (${dialect})`, () => {
  it('progress bulletin: GB/T 9704 page, every item of the period, counts by category and unit, red items, on-time rates', async () => {
    const d = await open(city, bulletin('2026Q3'));
    expectGbLayout(d);
    // The title broken between its phrases, never inside a word.
    expect(d.paragraphs[0]).toBe('广元市科学技术局 旺苍县人民政府\n局县科技会商2026年第三季度推进情况通报');
    expectHeadingsAndDates(d);
    expectSeqColumnsFit(d);
    expectSignature(d, '广元市科学技术局', '2026年11月25日');
    expectAttachment(d, '事项推进情况一览表', { landscape: true });
    expectRecordFooter(d, ['广元市科学技术局 | 2026年11月25日印发']);
    // The figures are the period's: as of 30 September.
    expect(d.text).toContain('截至2026年9月30日，广元市科学技术局 旺苍县人民政府 局县科技会商共有会商事项');
    for (const i of items) expect(d.text, i.title).toContain(i.title);
    expect(sectionCounts(d.text)).toEqual(expectedCounts());
    expect(d.text).toContain(`共有会商事项${items.length}项，已完成1项`);
    // The category table: one row per category and the total, in the order of the columns.
    for (const c of CATEGORIES) {
      const n = items.filter((i) => i.category === c).length;
      expect(d.text).toMatch(new RegExp(`${c === 'direct_support' ? '市局直接支持' : c === 'joint_promotion' ? '局县共同推动' : '局县共同争取'}\\n${n}\\n`));
    }
    expect(d.text).toMatch(new RegExp(`合计\\n${items.length}\\n1\\n`));
    // Red items as they stood on 30 September, by the light rule, not the lights stored today: the
    // second quarter was reported by nobody, 82 days late by then; the item closed in August is out.
    expect(d.text).toContain(`截至2026年9月30日，亮红灯事项${items.length - 1}项`);
    expect(d.text).not.toContain('2026年第三季度进展报告逾期45天未报');
    expect(d.text).toContain('2026年第二季度进展报告应于2026年7月10日前报送，已逾期82天未报送（超过15天）');
    // Red for the same reason, the items share one paragraph: the reason is written once.
    expect(d.text.split('已逾期82天未报送').length - 1, d.text).toBe(1);
    expect(d.text).toContain(`1.亮灯原因相同的事项${items.length - 1}项。亮灯原因：2026年第二季度进展报告`);
    for (const i of items.filter((x, n) => n !== 5)) expect(d.text).toContain(`${i.title}（牵头单位：`);
    expect(d.text).not.toContain(`${items[5].title}（牵头单位：`);
    // On time: the accepted and the returned report (both first in by 10 Oct); one late. The item
    // closed in August owed nothing for Q3, which ended after it closed.
    const owed = items.length - 1;
    expect(d.text).toContain('报送截止日期为2026年10月10日');
    expect(d.text).toContain(`应报${owed}项，按时报送2项，按时报送率${((2 / owed) * 100).toFixed(1)}%`);
    expect(d.text).toMatch(new RegExp(`合计\\n${owed}\\n2\\n1\\n${owed - 3}\\n0\\n`));
    // The report's own text reaches the item table, tags removed.
    expect(d.text).toContain('完成中试线建设\n进度60%（已通过）');
    expect(d.text).toContain('进度30%（逾期报送）');
  });

  it('counts an item closed after the period as still in hand at its end, and writes stored ISO dates in Chinese', async () => {
    // Closed on 15 August: in Q2's bulletin (to 30 June) it was not yet completed.
    const q2 = await open(city, bulletin('2026Q2'));
    expect(q2.text).toContain(`截至2026年6月30日，广元市科学技术局 旺苍县人民政府 局县科技会商共有会商事项${items.length}项，已完成0项`);
    const reason = JSON.stringify([{ code: 'deadline_passed', message: '已超过完成时限（2026-06-30）148天，尚未完成' }]);
    await env.db.updateTable('items').set({ light_reasons_json: reason }).where('id', '=', redIds[0]).execute();
    // The summary prints the stored reasons of today's lights; the bulletin computes its own, with ISO dates inside.
    const s = await open(city, summary(2026));
    expect(s.text).toContain('（已超过完成时限（2026年6月30日）148天，尚未完成）');
    expectHeadingsAndDates(s);
    const d = await open(city, bulletin('2026Q3'));
    expect(d.text).toContain('应于2026年7月10日前报送');
    expectHeadingsAndDates(d);
    const old = JSON.stringify([{ code: 'report_overdue_long', message: '2026年第三季度进展报告逾期45天未报' }]);
    await env.db.updateTable('items').set({ light_reasons_json: old }).where('id', '=', redIds[0]).execute();
  });

  it('an earlier quarter counts its own reports: Q2 had none, so all are missing', async () => {
    const d = await open(wc, bulletin('2026Q2'));
    expectGbLayout(d);
    expect(d.text).toContain(`应报${items.length}项，按时报送0项，按时报送率0.0%`);
    for (const i of items) expect(d.text).toContain(i.title);
  });

  it('a list not yet adopted owes no reports, and says so', async () => {
    const d = await open(city, bulletin('2026Q3', cangxi));
    expect(d.text).toContain('2026年第三季度无应报送进展报告的事项。');
  });

  it('meeting minutes: red 版头, meeting facts, the minutes as paragraphs, the adopted list grouped with counts', async () => {
    const d = await open(wc, minutes());
    expectGbLayout(d);
    // 版头: the red organ mark and the red separator line.
    expectRedHeader(d, '广元市科学技术局会议纪要', '广元市科学技术局\t2026年3月18日');
    // 会商会议纪要 once, not 会商会商.
    expect(d.paragraphs[6]).toBe('广元市科学技术局 旺苍县人民政府\n局县科技会商会议纪要');
    expect(d.text).not.toContain('会商会商');
    expectHeadingsAndDates(d);
    expectSeqColumnsFit(d);
    expectAttachment(d, '议定事项清单', { landscape: true });
    expectRecordFooter(d, ['广元市科学技术局 | 2026年3月18日印发']);
    expect(d.paragraphs).toContain('（一）关于清单');
    expect(d.text).toContain('2026年3月18日，广元市科学技术局与旺苍县人民政府在市科技局三楼会议室召开广元市科学技术局 旺苍县人民政府 局县科技会商会议。');
    expect(d.paragraphs).toContain('审议局县会商事项清单');
    expect(d.text).toContain('会议审议通过了会商事项清单&推进机制。');
    expect(d.document).toMatch(/<w:b\/>[\s\S]{0,200}会商事项清单/);
    expect(d.paragraphs).toContain('1．按季度报送进展');
    expect(d.paragraphs).toContain('2．红灯事项专题督办');
    expect(d.text).toContain('旺苍县科技局\n王强');
    // 10.3: 出席 in 黑体 after the 附件说明, the names aligned after its colon.
    const present = d.paragraphs.indexOf('出席：广元市科学技术局局长张明、旺苍县人民政府副县长李华');
    expect(present).toBeGreaterThan(d.paragraphs.indexOf('附件：议定事项清单'));
    expect(d.document).toMatch(/<w:ind w:left="\d+" w:hanging="\d+"\/>(?:(?!<\/w:p>)[\s\S])*?<w:rFonts [^>]*w:eastAsia="黑体"[^>]*\/>(?:(?!<\/w:p>)[\s\S])*?出席：/);
    // The adopted version, not the live list: a title changed after adoption stays as agreed.
    const snapshot = await env.db
      .selectFrom('list_versions')
      .select('snapshot_json')
      .where('consultation_id', '=', wangcang)
      .where('kind', '=', 'adopted')
      .executeTakeFirstOrThrow();
    const agreed = JSON.parse(snapshot.snapshot_json) as { title: string; category: string }[];
    await env.db.updateTable('items').set({ title: '议定后改过的名称' }).where('id', '=', items[7].id).execute();
    const again = await open(wc, minutes());
    expect(again.text).not.toContain('议定后改过的名称');
    for (const i of agreed) expect(again.text).toContain(i.title);
    expect(sectionCounts(again.text)).toEqual(Object.fromEntries(CATEGORIES.map((c) => [c, agreed.filter((i) => i.category === c).length])));
    expect(again.text).toContain('一、市局直接支持事项（10项）');
    expect(again.text).toContain(`会议议定局县科技会商事项共${agreed.length}项`);
    await env.db.updateTable('items').set({ title: items[7].title }).where('id', '=', items[7].id).execute();
  });

  it('supervision notice: number from the host, year and sequence, item, lead unit, reason, requirements, deadline, signer', async () => {
    const d = await open(wc, notice(signedNotice));
    expectGbLayout(d);
    expectRedHeader(d, '广元市科学技术局督办单', '广科督〔2026〕3号');
    expectHeadingsAndDates(d);
    expectSignature(d, '广元市科学技术局', '2026年11月21日');
    const item = items[3];
    const lead = await env.db.selectFrom('organisations').select('name').where('id', '=', item.lead_unit_id!).executeTakeFirstOrThrow();
    expect(d.text.replace(/\n/g, '')).toContain(`关于督促推进“${item.title.replace(/“/g, '‘').replace(/”/g, '’')}”的督办单`);
    // Names the consultation; 抄送 the county government and the cooperating units; a contact.
    expect(d.text).toContain('根据广元市科学技术局 旺苍县人民政府 局县科技会商议定事项清单，你单位牵头落实的事项');
    const coUnits = (
      await env.db
        .selectFrom('item_co_units as cu')
        .innerJoin('organisations as o', 'o.id', 'cu.org_id')
        .select('o.name')
        .where('cu.item_id', '=', item.id)
        .orderBy('o.sort_order')
        .orderBy('o.id')
        .execute()
    ).map((r) => r.name);
    expect(coUnits.length).toBeGreaterThan(0);
    expectRecordFooter(d, [`抄送：${['旺苍县人民政府', ...coUnits].join('，')}。`, '广元市科学技术局 | 2026年11月21日印发']);
    expect(d.text).toContain('（联系人：市局联络员（演示），广元市科学技术局；联系电话：0839-3260000）');
    expect(d.paragraphs).toContain(`${lead.name}：`);
    expect(d.paragraphs).toContain('第三季度进展报告逾期未报，');
    expect(d.paragraphs).toContain('请主要负责同志亲自过问。');
    expect(d.text).toContain('请于2026年12月10日前将落实情况书面反馈广元市科学技术局。');
    // A 督办单 goes down to the lead unit: 签发人 belongs to upward documents only (7.2.6).
    expect(d.text).not.toContain('签发人');
    expect(d.text).toContain('2026年11月21日');
    expect(d.text).not.toContain('尚未签发');

    const draft = await open(city, notice(draftNotice));
    expect(draft.paragraphs[3]).toBe('（未签发，暂无文号）');
    expect(draft.text).toContain('（本督办单尚未签发，仅供审核。）');
  });

  it('annual summary: counts that agree, reporting over the periods that owed, and 主要成效 / 存在问题 / 下一步打算 drafted from the data', async () => {
    const d = await open(leader, summary(2026));
    expectGbLayout(d);
    expect(d.paragraphs[0]).toBe('广元市科学技术局 旺苍县人民政府\n局县科技会商2026年度工作总结');
    expectHeadingsAndDates(d);
    expectSignature(d, '广元市科学技术局', '2026年11月25日');
    expectRecordFooter(d, ['广元市科学技术局 | 2026年11月25日印发']);
    expect(d.text).toContain('会商事项清单于2026年3月20日议定');
    expect(d.text).toContain(`会商清单共有事项${items.length}项，其中市局直接支持事项`);
    expect(d.text).toContain('截至2026年11月25日，已完成1项，');
    const headings = d.paragraphs.filter((p) => /^[一二三四五]、/.test(p));
    expect(headings).toEqual(['一、基本情况', '二、主要成效', '三、存在问题', '四、下一步打算']);
    expect(d.text).toContain(`1.办结事项1项。“${items[5].title.replace(/“/g, '‘').replace(/”/g, '’')}”（`);
    expect(d.text).toContain('2026年8月15日办结');
    // Q2 and Q3 owed; Q1 came before adoption, Q4 has not ended: they are not counted. The closed item owed Q2 only.
    const owed = items.length * 2 - 1;
    expect(d.text).toContain(
      `本年度应报送进展的填报周期2个（2026年第二季度、2026年第三季度），2026年第一季度、2026年第四季度无应报送的进展报告；应报进展报告${owed}份，按时报送2份，逾期报送1份`,
    );
    expect(d.text).toContain('签发督办单1份（广科督〔2026〕3号督办');
    expect(d.text).toContain('召开会商会议1次（2026年3月18日，市科技局三楼会议室）');
    expect(d.text).toContain(`亮红灯事项2项。目前绿灯${items.length - 2}项、黄灯0项、红灯2项`);
    expect(d.text).toContain('进展报送不够及时。');
    expect(d.text).toContain('1.加快在推事项进度。');
    for (const id of redIds) {
      expect(d.text).toContain(
        items
          .find((i) => i.id === id)!
          .title.replace(/“/g, '‘')
          .replace(/”/g, '’'),
      );
    }
  });

  it('annual summary: an item completed without a closing day is counted once, not as both done and not done', async () => {
    await env.db.updateTable('items').set({ status: 'completed', progress: 100, closed_on: null }).where('id', '=', items[6].id).execute();
    const d = await open(leader, summary(2026));
    expect(d.text).toContain('截至2026年11月25日，已完成2项，');
    expect(d.text).toContain('1.办结事项2项。');
    expect(d.text).not.toContain('本年度尚无办结事项');
    await env.db.updateTable('items').set({ status: 'in_progress', progress: 50 }).where('id', '=', items[6].id).execute();
  });
});
