import { JOB_LABEL, JOB_NAMES } from '../../../domain/jobs.js';
import { PARAMETER_KEYS, PARAMETER_SPECS } from '../../../domain/parameters.js';
import type { AuditEntityType } from '../../../domain/audit.js';
import type { ChangeRequestKind } from '../../../domain/change-requests.js';
import { CHANGE_REQUEST_KIND_LABEL } from '../../../domain/labels.js';
import { noticeNumber } from '../../../domain/notices.js';
import { periodLabel } from '../../../domain/periods.js';
import type { Db } from '../../platform/db.js';

type Titles = Map<number, string>;
type Loader = (db: Db, ids: number[]) => Promise<Titles>;

const join = (...parts: (string | null | undefined)[]) => parts.filter((p) => p).join(' · ');
const byId = <R extends { id: number }>(rows: R[], title: (r: R) => string): Titles => new Map(rows.map((r) => [r.id, title(r)]));

/**
 * How each kind of object is named in the audit log, one query for all the ids of a page. The record
 * keyed by every type makes a new kind of audited object name itself before it compiles.
 * Soft-deleted items keep their row, so they are still named; a hard-deleted row is simply absent.
 */
const LOADERS: Record<AuditEntityType, Loader> = {
  item: async (db, ids) =>
    byId(
      await db
        .selectFrom('items as i')
        .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
        .select(['i.id', 'i.title', 'c.title as consultation'])
        .where('i.id', 'in', ids)
        .execute(),
      (r) => `${r.title}（${r.consultation}）`,
    ),
  consultation: async (db, ids) => byId(await db.selectFrom('consultations').select(['id', 'title']).where('id', 'in', ids).execute(), (r) => r.title),
  organisation: async (db, ids) => byId(await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute(), (r) => r.name),
  user: async (db, ids) =>
    byId(await db.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', ids).execute(), (r) => `${r.display_name}（${r.username}）`),
  dict_item: async (db, ids) => byId(await db.selectFrom('dict_items').select(['id', 'label']).where('id', 'in', ids).execute(), (r) => r.label),
  api_token: async (db, ids) => byId(await db.selectFrom('api_tokens').select(['id', 'name']).where('id', 'in', ids).execute(), (r) => r.name),
  need: async (db, ids) => byId(await db.selectFrom('needs').select(['id', 'title']).where('id', 'in', ids).execute(), (r) => r.title),
  // A meeting has no title of its own: the day and the place are what its minutes are known by.
  meeting: async (db, ids) => byId(await db.selectFrom('meetings').select(['id', 'held_on', 'venue']).where('id', 'in', ids).execute(), (r) => `${r.held_on} ${r.venue}`),
  change_request: async (db, ids) =>
    byId(
      await db
        .selectFrom('change_requests as r')
        .leftJoin('items as i', 'i.id', 'r.item_id')
        .select(['r.id', 'r.kind', 'r.proposed_json', 'i.title'])
        .where('r.id', 'in', ids)
        .execute(),
      // A pending request to add an item has no item yet: its proposal carries the title.
      (r) => join(r.title ?? proposedTitle(r.proposed_json), CHANGE_REQUEST_KIND_LABEL[r.kind as ChangeRequestKind]),
    ),
  // Records that belong to an item are named by it: readers know items, not report or notice ids.
  report: async (db, ids) =>
    byId(
      await db
        .selectFrom('progress_reports as p')
        .innerJoin('items as i', 'i.id', 'p.item_id')
        .select(['p.id', 'p.period', 'i.title as itemTitle'])
        .where('p.id', 'in', ids)
        .execute(),
      (r) => join(r.itemTitle, periodLabel(r.period)),
    ),
  milestone: async (db, ids) =>
    byId(
      await db
        .selectFrom('item_milestones as m')
        .innerJoin('items as i', 'i.id', 'm.item_id')
        .select(['m.id', 'm.title', 'i.title as itemTitle'])
        .where('m.id', 'in', ids)
        .execute(),
      (r) => join(r.itemTitle, r.title),
    ),
  supervision_notice: async (db, ids) =>
    byId(
      await db
        .selectFrom('supervision_notices as n')
        .innerJoin('items as i', 'i.id', 'n.item_id')
        .innerJoin('organisations as o', 'o.id', 'n.host_org_id')
        .select(['n.id', 'n.year', 'n.seq', 'o.name as hostName', 'i.title as itemTitle'])
        .where('n.id', 'in', ids)
        .execute(),
      // Numbered once signed (广科督〔2026〕2号); a draft is known by its item alone.
      (r) => join(noticeNumber(r.hostName, r.year, r.seq), r.itemTitle),
    ),
  completion_request: async (db, ids) =>
    byId(
      await db.selectFrom('completion_requests as c').innerJoin('items as i', 'i.id', 'c.item_id').select(['c.id', 'i.title']).where('c.id', 'in', ids).execute(),
      (r) => r.title,
    ),
  reminder: async (db, ids) =>
    byId(
      await db.selectFrom('reminders as r').innerJoin('items as i', 'i.id', 'r.item_id').select(['r.id', 'r.period', 'i.title as itemTitle']).where('r.id', 'in', ids).execute(),
      (r) => join(r.itemTitle, r.period ? periodLabel(r.period) : null),
    ),
  item_comment: async (db, ids) =>
    byId(await db.selectFrom('item_comments as c').innerJoin('items as i', 'i.id', 'c.item_id').select(['c.id', 'i.title']).where('c.id', 'in', ids).execute(), (r) => r.title),
  attachment: async (db, ids) => byId(await db.selectFrom('attachments').select(['id', 'filename']).where('id', 'in', ids).execute(), (r) => r.filename),
  ledger_import: async (db, ids) => byId(await db.selectFrom('ledger_imports').select(['id', 'filename']).where('id', 'in', ids).execute(), (r) => r.filename),
  project: async (db, ids) => byId(await db.selectFrom('projects').select(['id', 'name']).where('id', 'in', ids).execute(), (r) => r.name),
  programme: async (db, ids) => byId(await db.selectFrom('programmes').select(['id', 'name']).where('id', 'in', ids).execute(), (r) => r.name),
  notification: async (db, ids) => byId(await db.selectFrom('notifications').select(['id', 'title']).where('id', 'in', ids).execute(), (r) => r.title),
  indicator_sheet: async (db, ids) =>
    byId(
      await db.selectFrom('indicator_sheets as s').innerJoin('organisations as o', 'o.id', 's.county_id').select(['s.id', 's.year', 'o.name']).where('s.id', 'in', ids).execute(),
      (r) => `${r.name} ${r.year} 年指标`,
    ),
  // Indicators are keyed by code; their audit rows carry no numeric id.
  indicator: async () => new Map(),
  // A session row is keyed by the account whose session it was.
  session: async (db, ids) =>
    byId(await db.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', ids).execute(), (r) => `${r.display_name}（${r.username}）的会话`),
  // Jobs and parameters are named, not numbered: their audit rows carry the place in the catalogue.
  job: async (_db, ids) => new Map(ids.filter((i) => JOB_NAMES[i - 1]).map((i) => [i, JOB_LABEL[JOB_NAMES[i - 1]!].name])),
  announcement: async (db, ids) => byId(await db.selectFrom('announcements').select(['id', 'title']).where('id', 'in', ids).execute(), (r) => r.title),
  saved_filter: async (db, ids) => byId(await db.selectFrom('saved_filters').select(['id', 'name']).where('id', 'in', ids).execute(), (r) => r.name),
  parameter: async (_db, ids) => new Map(ids.filter((i) => PARAMETER_KEYS[i - 1]).map((i) => [i, PARAMETER_SPECS[PARAMETER_KEYS[i - 1]!].label])),
};

function proposedTitle(json: string): string | null {
  const p = JSON.parse(json) as { title?: unknown };
  return typeof p.title === 'string' ? p.title : null;
}

export const isAuditEntityType = (t: string): t is AuditEntityType => Object.hasOwn(LOADERS, t);

/** The present names of the given objects of one kind; ids with no row (deleted) are left out. */
export function loadTitles(db: Db, type: AuditEntityType, ids: number[]): Promise<Titles> {
  return ids.length ? LOADERS[type](db, ids) : Promise.resolve(new Map());
}
