import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, dialect, type Agent, type TestEnv } from '../../testing/support.js';

let env: TestEnv;
let city: Agent;
let wangcang: number;
let cangxi: number;
let photoId: number;
/** Attachment ids by what owns them, in the 旺苍 consultation unless named otherwise. */
const ids: Record<string, number> = {};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake image body for tests')]);
const NOW = '2026-11-20T02:00:00.000Z';

/** A file row for an owner, as the upload would leave it (the bytes are not what these tests read). */
async function attach(key: string, ownerType: string, ownerId: number, filename: string) {
  const row = await env.db
    .insertInto('attachments')
    .values({
      owner_type: ownerType,
      owner_id: ownerId,
      filename,
      mime: 'application/pdf',
      size: 1024,
      sm3: '0'.repeat(64),
      storage_key: `test-${key}`,
      uploaded_by: env.users['wangcang.nyj'],
      created_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

async function need(consultationId: number, title: string) {
  const row = await env.db
    .insertInto('needs')
    .values({
      consultation_id: consultationId,
      title,
      description: '',
      domain: 'agriculture',
      urgency: 'normal',
      suggested_category: null,
      status: 'submitted',
      triage_reason: null,
      merged_into_id: null,
      item_id: null,
      submitted_by: env.users['wangcang.coord'],
      submitter_org_id: env.orgs['wangcang.gov'],
      triaged_by: null,
      triaged_at: null,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function itemsOf(consultationId: number) {
  return env.db.selectFrom('items').select(['id', 'title']).where('consultation_id', '=', consultationId).where('deleted_at', 'is', null).orderBy('id').execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  wangcang = env.consultations.wangcang;
  cangxi = env.consultations.cangxi;
  city = await env.login('city.coord');

  const meeting = await city.req('POST', `/api/v1/consultations/${wangcang}/meetings`, {
    heldOn: '2026-03-18',
    venue: '旺苍县行政中心会议室',
    attendees: [{ name: '张明', orgName: '广元市科学技术局', title: '局长' }],
  });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const photo = await city.upload(`/api/v1/meetings/${meeting.body.id}/photos`, { filename: '会场.png', content: PNG, contentType: 'image/png' });
  expect(photo.status, JSON.stringify(photo.body)).toBe(201);
  photoId = photo.body.id;

  const [first, second, third] = await itemsOf(wangcang);
  await attach('need', 'need', await need(wangcang, '茶叶加工技术需求'), '需求说明.pdf');

  const comment = await env.db
    .insertInto('item_comments')
    .values({
      item_id: first.id,
      parent_id: null,
      body: '意见',
      author_id: env.users['wangcang.coord'],
      author_org_id: env.orgs['wangcang.gov'],
      side: 'partner',
      created_at: NOW,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await attach('comment', 'item_comment', comment.id, '意见附件.pdf');
  const gone = await env.db
    .insertInto('item_comments')
    .values({
      item_id: first.id,
      parent_id: null,
      body: '已删除',
      author_id: env.users['wangcang.coord'],
      author_org_id: env.orgs['wangcang.gov'],
      side: 'partner',
      created_at: NOW,
      deleted_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await attach('deletedComment', 'item_comment', gone.id, '删除的意见附件.pdf');

  const report = await env.db
    .insertInto('progress_reports')
    .values({
      item_id: second.id,
      period: '2026Q1',
      status: 'submitted',
      round: 1,
      progress_html: '<p>推进中</p>',
      percent: 30,
      problems: '',
      next_steps: '',
      author_id: env.users['wangcang.nyj'],
      author_org_id: env.orgs['wangcang.nyj'],
      submitted_at: NOW,
      first_submitted_at: NOW,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    })
    .onConflict((oc) => oc.columns(['item_id', 'period']).doUpdateSet({ percent: 30 }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await attach('report', 'report', report.id, '进展佐证.pdf');

  const completion = await env.db
    .insertInto('completion_requests')
    .values({
      item_id: third.id,
      status: 'pending',
      summary: '已完成',
      requested_by: env.users['wangcang.nyj'],
      requested_at: NOW,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await attach('completion', 'completion', completion.id, '销号佐证.pdf');

  // Not this consultation's: another consultation's need, and an item deleted from the list.
  await attach('otherNeed', 'need', await need(cangxi, '猕猴桃需求'), '苍溪需求.pdf');
  const [cxItem] = await itemsOf(cangxi);
  const otherCompletion = await env.db
    .insertInto('completion_requests')
    .values({
      item_id: cxItem.id,
      status: 'pending',
      summary: '',
      requested_by: env.users['cangxi.coord'],
      requested_at: NOW,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await attach('otherCompletion', 'completion', otherCompletion.id, '苍溪销号.pdf');
});
afterAll(() => env?.close());

const url = (id = wangcang, q = '') => `/api/v1/consultations/${id}/files${q}`;

describe(`documents: the consultation's files (${dialect})`, () => {
  it('lists every uploaded file of the consultation, newest first, with what it belongs to', async () => {
    const r = await city.req('GET', url());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byId = new Map(r.body.data.map((f: { id: number }) => [f.id, f]));
    expect(r.body.data.map((f: { id: number }) => f.id)).toEqual([ids.completion, ids.report, ids.comment, ids.need, photoId]);
    expect(byId.get(photoId)).toMatchObject({
      source: 'meeting',
      filename: '会场.png',
      url: `/api/v1/attachments/${photoId}`,
      meeting: { heldOn: '2026-03-18', venue: '旺苍县行政中心会议室' },
      item: null,
      uploadedBy: expect.any(String),
    });
    expect(byId.get(ids.need)).toMatchObject({ source: 'need', need: { title: expect.any(String) }, item: null });
    expect(byId.get(ids.comment)).toMatchObject({ source: 'item_comment', item: { title: expect.any(String) } });
    expect(byId.get(ids.report)).toMatchObject({ source: 'report', period: '2026Q1', item: { title: expect.any(String) }, uploadedAt: NOW, size: 1024 });
    expect(byId.get(ids.completion)).toMatchObject({ source: 'completion', item: { title: expect.any(String) } });
    // What it lists downloads for the same readers.
    expect((await city.req('GET', `/api/v1/attachments/${photoId}`)).status).toBe(200);
  });

  it('leaves out the files of a deleted item or comment and of other consultations', async () => {
    const third = (await itemsOf(wangcang))[2];
    await env.db.updateTable('items').set({ deleted_at: NOW }).where('id', '=', third.id).execute();
    try {
      const listed = (await city.req('GET', url())).body.data.map((f: { id: number }) => f.id);
      expect(listed).not.toContain(ids.completion);
      expect(listed).not.toContain(ids.deletedComment);
      expect(listed).not.toContain(ids.otherCompletion);
      expect(listed).not.toContain(ids.otherNeed);
    } finally {
      await env.db.updateTable('items').set({ deleted_at: null }).where('id', '=', third.id).execute();
    }
    const other = (await city.req('GET', url(cangxi))).body.data.map((f: { id: number }) => f.id);
    expect(other).toContain(ids.otherCompletion);
    expect(other).not.toContain(photoId);
  });

  it('pages by cursor without gaps or repeats', async () => {
    const all = (await city.req('GET', url())).body.data.map((f: { id: number }) => f.id);
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { data: { id: number }[]; nextCursor: string | null } } = await city.req(
        'GET',
        url(wangcang, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(r.status).toBe(200);
      paged.push(...r.body.data.map((f) => f.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await city.req('GET', url(wangcang, '?cursor=bad'))).status).toBe(400);
  });

  it('shows the list to every reader of the consultation and to nobody else, as if it did not exist', async () => {
    for (const username of ['city.leader', 'wangcang.coord', 'wangcang.nyj']) {
      const r = await (await env.login(username)).req('GET', url());
      expect(r.status, username).toBe(200);
      expect(r.body.data.length, username).toBe(5);
    }
    const cx = await env.login('cangxi.coord');
    const foreign = await cx.req('GET', url());
    const missing = await cx.req('GET', url(99999));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect((await (await env.login('sysadmin')).req('GET', url())).status).toBe(403);
    expect((await env.anon('GET', url())).status).toBe(401);
  });
});
