import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS } from '../../../domain/attachments.js';
import { REPORT_LIMITS } from '../../../domain/reports.js';
import { storedFilePath } from '../../platform/attachments.js';
import { sweepStalePending } from '../../platform/pending-attachments.js';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let nyj: Agent; // reporter of 县农业农村局: lead unit of MICANG
let wc: Agent; // 旺苍 partner coordinator: may also write MICANG's report
let city: Agent; // host coordinator: reviews, does not write
let cx: Agent; // 苍溪 partner coordinator: another county
let leader: Agent;

const MICANG = '推动建设米仓山茶产业技术创新联盟'; // lead 县农业农村局; 2026Q3 owed
const PIONEER = '争取国家级科技特派员创业链建设'; // lead 市科技局人才科; the county's coordinator may write it
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake photo for tests')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

let itemId: number;
const stageUrl = () => `/api/v1/items/${itemId}/report-evidence`;
const report = (evidenceIds: number[], over: Record<string, unknown> = {}) => ({
  period: '2026Q3',
  progressHtml: '<p>茶园基地完成改造</p>',
  percent: 40,
  problems: '',
  nextSteps: '',
  evidenceIds,
  ...over,
});

async function stage(agent: Agent, filename: string, content: Buffer, contentType = 'application/octet-stream') {
  return agent.upload(stageUrl(), { filename, content, contentType });
}
async function attachmentRow(id: number) {
  return env.db.selectFrom('attachments').select(['owner_type', 'owner_id', 'storage_key', 'uploaded_by']).where('id', '=', id).executeTakeFirst();
}
async function countOf(table: 'attachments' | 'progress_reports'): Promise<number> {
  const r = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function setup(overrides: Record<string, string> = {}) {
  env = await createTestEnv(overrides);
  nyj = await env.login('wangcang.nyj');
  wc = await env.login('wangcang.coord');
  city = await env.login('city.coord');
  cx = await env.login('cangxi.coord');
  leader = await env.login('city.leader');
  itemId = (await env.db.selectFrom('items').select('id').where('title', '=', MICANG).executeTakeFirstOrThrow()).id;
}
afterEach(() => env?.close());

describe(`reports: evidence sent with the report (${dialect})`, () => {
  beforeEach(() => setup());

  it('stages photos and files for the writer alone, then saves them with the report in one submission', async () => {
    const photo = await stage(nyj, '现场照片.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF test')]), 'image/jpeg');
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    expect(photo.body).toMatchObject({ filename: '现场照片.jpg', mime: 'image/jpeg', url: `/api/v1/attachments/${photo.body.id}` });
    const pdf = await stage(nyj, '验收意见.pdf', PDF);
    expect(pdf.status).toBe(201);
    expect((await env.auditRows('attachment', photo.body.id))[0]).toMatchObject({ action: 'attachment.create', after: { ownerType: 'report_draft', ownerId: itemId } });

    // Until the report is saved the files are the uploader's: nobody else, not even a reviewer, sees them.
    expect((await nyj.req('GET', photo.body.url)).status).toBe(200);
    for (const agent of [wc, city, leader, cx]) expect((await agent.req('GET', photo.body.url)).status, agent.username).toBe(404);
    expect((await nyj.req('GET', `/api/v1/items/${itemId}/reports`)).body.data.flatMap((r: { evidence: unknown[] }) => r.evidence)).toHaveLength(0);

    const saved = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([photo.body.id, pdf.body.id]));
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.evidence.map((e: { id: number; filename: string }) => [e.id, e.filename])).toEqual([
      [photo.body.id, '现场照片.jpg'],
      [pdf.body.id, '验收意见.pdf'],
    ]);
    expect(await attachmentRow(photo.body.id)).toMatchObject({ owner_type: 'report', owner_id: saved.body.id });
    expect((await env.auditRows('report', saved.body.id))[0]).toMatchObject({ action: 'report.submit', after: { evidenceIds: [photo.body.id, pdf.body.id] } });

    // The report list shows them as before, and the report's readers may open them.
    const listed = (await city.req('GET', `/api/v1/items/${itemId}/reports`)).body.data.find((r: { id: number }) => r.id === saved.body.id);
    expect(listed.evidence.map((e: { filename: string }) => e.filename)).toEqual(['现场照片.jpg', '验收意见.pdf']);
    // Exactly what the upload answered (the history reads them as JSON: ids and sizes stay numbers).
    expect(listed.evidence).toEqual([photo.body, pdf.body]);
    expect((await city.req('GET', photo.body.url)).status).toBe(200);
    expect((await leader.req('GET', pdf.body.url)).status).toBe(200);
    expect((await cx.req('GET', pdf.body.url)).status).toBe(404);
    // Bound is bound: it can no longer be taken back as a pending file, nor bound a second time.
    expect((await nyj.req('DELETE', `/api/v1/report-evidence/${photo.body.id}`)).status).toBe(404);

    // A returned report revised with one more photo keeps the first files and adds the new one.
    const returned = await city.req('POST', `/api/v1/reports/${saved.body.id}/review`, { accept: false, note: '请补充现场照片' });
    expect(returned.status).toBe(200);
    const more = await stage(nyj, '补充照片.png', PNG, 'image/png');
    const { period: _p, ...revision } = report([more.body.id], { percent: 45 });
    const revised = await nyj.req('PUT', `/api/v1/reports/${saved.body.id}`, { ...revision, version: returned.body.version });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body.evidence.map((e: { filename: string }) => e.filename)).toEqual(['现场照片.jpg', '验收意见.pdf', '补充照片.png']);
    const again = await nyj.req('PUT', `/api/v1/reports/${saved.body.id}`, { ...revision, version: revised.body.version });
    expect(again.status).toBe(409);
  });

  it('will not bind a file another user uploaded, one already bound, or one staged for another item', async () => {
    const theirs = await stage(wc, '县里的照片.png', PNG, 'image/png');
    expect(theirs.status).toBe(201);
    const before = await countOf('progress_reports');
    const refused = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([theirs.body.id]));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'EVIDENCE_UNAVAILABLE', details: [{ field: 'body.evidenceIds' }] });
    expect(refused.body.error.message).toMatch(/佐证材料已失效/);
    // Nothing of the refused report stands, and the file is still its uploader's to use.
    expect(await countOf('progress_reports')).toBe(before);
    expect(await attachmentRow(theirs.body.id)).toMatchObject({ owner_type: 'report_draft', owner_id: itemId });
    // Mixing one's own file with a foreign one fails as a whole: one's own is not half-bound.
    const mine = await stage(nyj, '我的照片.png', PNG, 'image/png');
    expect((await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([mine.body.id, theirs.body.id]))).status).toBe(422);
    expect(await attachmentRow(mine.body.id)).toMatchObject({ owner_type: 'report_draft' });
    // Nor may the other user take back, or anyone else read, what is not theirs.
    expect((await nyj.req('DELETE', `/api/v1/report-evidence/${theirs.body.id}`)).status).toBe(404);

    const ok = await wc.req('POST', `/api/v1/items/${itemId}/reports`, report([theirs.body.id]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.evidence).toHaveLength(1);

    // A file already on a report is no longer pending.
    const rebind = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([theirs.body.id], { period: '2026Q4' }));
    expect(rebind.status).toBe(422);
    expect(rebind.body.error.code).toBe('EVIDENCE_UNAVAILABLE');
    // A file staged for another item waits for that item's report.
    const pioneer = (await env.db.selectFrom('items').select('id').where('title', '=', PIONEER).executeTakeFirstOrThrow()).id;
    const elsewhere = await wc.upload(`/api/v1/items/${pioneer}/report-evidence`, { filename: '别的事项.pdf', content: PDF });
    expect(elsewhere.status).toBe(201);
    const crossed = await wc.req('POST', `/api/v1/items/${itemId}/reports`, report([elsewhere.body.id], { period: '2026Q4' }));
    expect(crossed.status).toBe(422);
    expect(crossed.body.error.code).toBe('EVIDENCE_UNAVAILABLE');
    expect(await attachmentRow(theirs.body.id)).toMatchObject({ owner_type: 'report', owner_id: ok.body.id });
    expect(await attachmentRow(elsewhere.body.id)).toMatchObject({ owner_type: 'report_draft', owner_id: pioneer });
  });

  it('leaves the files pending, not bound, when the report fails validation, and binds them on the corrected retry', async () => {
    const photo = await stage(nyj, '现场.png', PNG, 'image/png');
    const before = await countOf('progress_reports');
    const badPercent = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([photo.body.id], { percent: 120 }));
    expect(badPercent.status).toBe(400);
    const notOwed = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([photo.body.id], { period: '2024Q1' }));
    expect(notOwed.status).toBe(422);
    expect(notOwed.body.error.code).toBe('PERIOD_NOT_OWED');
    const twice = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([photo.body.id, photo.body.id]));
    expect(twice.status).toBe(400);
    const tooMany = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report(Array.from({ length: REPORT_LIMITS.evidenceMax + 1 }, (_, i) => i + 1)));
    expect(tooMany.status).toBe(400);
    expect(await countOf('progress_reports')).toBe(before);
    expect(await attachmentRow(photo.body.id)).toMatchObject({ owner_type: 'report_draft', owner_id: itemId });

    const saved = await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([photo.body.id]));
    expect(saved.status).toBe(201);
    expect(saved.body.evidence.map((e: { id: number }) => e.id)).toEqual([photo.body.id]);
  });

  it('lets only the report’s writers stage files, while the item takes reports', async () => {
    for (const [agent, status] of [
      [city, 403],
      [leader, 403],
      [cx, 404],
    ] as const) {
      expect((await stage(agent, '佐证.pdf', PDF)).status, agent.username).toBe(status);
    }
    const anon = await env.app.inject({ method: 'POST', url: stageUrl() });
    expect(anon.statusCode).toBe(401);
    const done = await env.db.selectFrom('items').select('id').where('title', '=', '支持旺苍农业科技园区提升建设').executeTakeFirstOrThrow();
    const closed = await wc.upload(`/api/v1/items/${done.id}/report-evidence`, { filename: '佐证.pdf', content: PDF });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('ITEM_CLOSED');
  });

  it('refuses files of the wrong type, or whose bytes are not what their name says, with 415 and a Chinese message', async () => {
    const before = await countOf('attachments');
    const exe = await stage(nyj, 'setup.exe', Buffer.from('MZ\x90\x00 not a photo'));
    expect(exe.status).toBe(415);
    expect(exe.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(exe.body.error.message).toMatch(/只能上传以下类型的文件/);
    const disguised = await stage(nyj, '照片.png', PDF, 'image/png');
    expect(disguised.status).toBe(415);
    const heic = await stage(nyj, 'IMG_0001.HEIC', Buffer.from('\x00\x00\x00\x18ftypheic'), 'image/heic');
    expect(heic.status).toBe(415);
    const empty = await stage(nyj, '空.pdf', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(await countOf('attachments')).toBe(before);
    expect(fs.readdirSync(`${env.filesDir}/tmp`)).toEqual([]);
  });

  it('lets the uploader take a staged file back, and sweeps the ones nobody claimed in time', async () => {
    const removed = await stage(nyj, '拍错了.png', PNG, 'image/png');
    const row = (await attachmentRow(removed.body.id))!;
    expect(fs.existsSync(storedFilePath({ FILES_DIR: env.filesDir }, row.storage_key))).toBe(true);
    const taken = await nyj.req('DELETE', `/api/v1/report-evidence/${removed.body.id}`);
    expect(taken.status).toBe(200);
    expect(await attachmentRow(removed.body.id)).toBeUndefined();
    expect(fs.existsSync(storedFilePath({ FILES_DIR: env.filesDir }, row.storage_key))).toBe(false);
    expect((await env.auditRows('attachment', removed.body.id)).map((a) => a.action)).toEqual(['attachment.create', 'attachment.delete']);
    expect((await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([removed.body.id]))).status).toBe(422);

    const forgotten = await stage(nyj, '忘了报送.png', PNG, 'image/png');
    const kept = (await attachmentRow(forgotten.body.id))!;
    const sweep = { db: env.db, clock: env.clock, config: { FILES_DIR: env.filesDir } };
    expect(await sweepStalePending(sweep)).toBe(0);
    env.clock.advance((ATTACHMENT_LIMITS.pendingHours + 1) * 3_600_000);
    // Past its time the file can no longer be claimed, even before the sweep has run.
    nyj = await env.login('wangcang.nyj');
    expect((await nyj.req('POST', `/api/v1/items/${itemId}/reports`, report([forgotten.body.id]))).body.error?.code).toBe('EVIDENCE_UNAVAILABLE');
    expect(await sweepStalePending(sweep)).toBe(1);
    expect(await attachmentRow(forgotten.body.id)).toBeUndefined();
    expect(fs.existsSync(storedFilePath({ FILES_DIR: env.filesDir }, kept.storage_key))).toBe(false);
  });
});

describe(`reports: evidence size limit (${dialect})`, () => {
  beforeEach(() => setup({ ATTACHMENT_MAX_MB: '0.01' }));

  it('refuses a file over the limit with 413 and says the limit in Chinese', async () => {
    const before = await countOf('attachments');
    const big = await stage(nyj, '大照片.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20 * 1024)]), 'image/jpeg');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '附件不能超过 0.01 MB' });
    expect(await countOf('attachments')).toBe(before);
  });
});
