import type { Report, ReportStatus } from '../../../domain/reports.js';
import { presentAttachment } from '../../platform/attachments.js';
import type { Db, Tx } from '../../platform/db.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { indexRow } from '../search/search.index.js';
import type { FullReportRow } from './reports.history.repo.js';

type Conn = Db | Tx;

export interface ReportContent {
  progressHtml: string;
  percent: number;
  problems: string;
  nextSteps: string;
}

/** Report rows with their author's and author unit's names. */
export function reportsSelect(db: Conn) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .innerJoin('organisations as o', 'o.id', 'r.author_org_id')
    .select([
      'r.id',
      'r.item_id',
      'r.period',
      'r.status',
      'r.round',
      'r.progress_html',
      'r.percent',
      'r.problems',
      'r.next_steps',
      'r.author_id',
      'r.author_org_id',
      'r.submitted_at',
      'r.first_submitted_at',
      'r.reviewed_by',
      'r.reviewed_at',
      'r.review_note',
      'r.version',
      'u.display_name as author_name',
      'o.name as author_org_name',
    ]);
}

export async function getReportRow(db: Conn, id: number) {
  return reportsSelect(db).where('r.id', '=', id).executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof getReportRow>>>;

/** An item's reports, newest period first. */
// The item page's report history runs these on every view: built once per shape (reusable-query.ts).
const reportsOfItemQuery = reusableQuery((db, p: { itemId: number }) => reportsSelect(db).where('r.item_id', '=', p.itemId).orderBy('r.period', 'desc'));

export async function reportRowsOfItem(db: Conn, itemId: number) {
  return reportsOfItemQuery.run(db, { itemId });
}

export async function reportIdForPeriod(db: Conn, itemId: number, period: string) {
  const r = await db.selectFrom('progress_reports').select('id').where('item_id', '=', itemId).where('period', '=', period).executeTakeFirst();
  return r?.id ?? null;
}

export async function insertReport(db: Conn, v: { itemId: number; period: string; content: ReportContent; authorId: number; authorOrgId: number; now: string }) {
  const r = await db
    .insertInto('progress_reports')
    .values({
      item_id: v.itemId,
      period: v.period,
      status: 'submitted',
      round: 1,
      progress_html: v.content.progressHtml,
      percent: v.content.percent,
      problems: v.content.problems,
      next_steps: v.content.nextSteps,
      author_id: v.authorId,
      author_org_id: v.authorOrgId,
      submitted_at: v.now,
      first_submitted_at: v.now,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: 1,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexRow(db, 'report', r.id);
  return r.id;
}

export async function insertRound(db: Conn, reportId: number, round: number, content: ReportContent, userId: number, now: string) {
  await db
    .insertInto('progress_report_rounds')
    .values({
      report_id: reportId,
      round,
      snapshot_json: JSON.stringify(content),
      submitted_by: userId,
      submitted_at: now,
      decision: null,
      decision_note: null,
      decided_by: null,
      decided_at: null,
    })
    .execute();
}

/** Resubmission after a return: only from 'returned' and only at the version the writer saw. */
export async function reviseGuarded(db: Conn, id: number, version: number, round: number, content: ReportContent, userId: number, now: string) {
  const r = await db
    .updateTable('progress_reports')
    .set({
      status: 'submitted',
      round,
      progress_html: content.progressHtml,
      percent: content.percent,
      problems: content.problems,
      next_steps: content.nextSteps,
      author_id: userId,
      submitted_at: now,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      version: version + 1,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'returned')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await indexRow(db, 'report', id);
  return true;
}

/** The decision: exactly one of two simultaneous reviewers matches 'submitted' at this version. */
export async function decideGuarded(db: Conn, id: number, version: number, status: 'accepted' | 'returned', note: string, userId: number, now: string) {
  const r = await db
    .updateTable('progress_reports')
    .set({ status, reviewed_by: userId, reviewed_at: now, review_note: note || null, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function decideRound(db: Conn, reportId: number, round: number, decision: 'accepted' | 'returned', note: string, userId: number, now: string) {
  await db
    .updateTable('progress_report_rounds')
    .set({ decision, decision_note: note || null, decided_by: userId, decided_at: now })
    .where('report_id', '=', reportId)
    .where('round', '=', round)
    .execute();
}

export async function findContribution(db: Conn, reportId: number, orgId: number) {
  return db.selectFrom('report_contributions').select(['id', 'text', 'version']).where('report_id', '=', reportId).where('org_id', '=', orgId).executeTakeFirst();
}

export async function insertContribution(db: Conn, reportId: number, orgId: number, userId: number, text: string, now: string) {
  const r = await db
    .insertInto('report_contributions')
    .values({ report_id: reportId, org_id: orgId, author_id: userId, text, version: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateContribution(db: Conn, id: number, version: number, userId: number, text: string, now: string) {
  const r = await db
    .updateTable('report_contributions')
    .set({ text, author_id: userId, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function presentReport(r: FullReportRow): Report {
  return {
    id: r.id,
    itemId: r.item_id,
    period: r.period,
    status: r.status as ReportStatus,
    round: r.round,
    progressHtml: r.progress_html,
    percent: r.percent,
    problems: r.problems,
    nextSteps: r.next_steps,
    author: { id: r.author_id, name: r.author_name },
    authorOrg: { id: r.author_org_id, name: r.author_org_name },
    submittedAt: r.submitted_at,
    firstSubmittedAt: r.first_submitted_at,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    version: r.version,
    rounds: r.rounds.map((x) => {
      const snap = JSON.parse(x.snapshot_json) as ReportContent;
      return {
        round: x.round,
        progressHtml: snap.progressHtml,
        percent: snap.percent,
        problems: snap.problems,
        nextSteps: snap.nextSteps,
        submittedBy: x.submitted_by,
        submittedAt: x.submitted_at,
        decision: x.decision as 'accepted' | 'returned' | null,
        decisionNote: x.decision_note,
        decidedBy: x.decided_by ?? null,
        decidedAt: x.decided_at,
      };
    }),
    contributions: r.contributions.map((c) => ({
      id: c.id,
      orgId: c.org_id,
      orgName: c.org_name,
      authorName: c.author_name,
      text: c.text,
      version: c.version,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    })),
    evidence: r.evidence.map(presentAttachment),
  };
}

export const reportAuditView = (r: ReportRow | Report) =>
  'progress_html' in r
    ? { period: r.period, status: r.status, round: r.round, percent: r.percent, problems: r.problems, nextSteps: r.next_steps }
    : { period: r.period, status: r.status, round: r.round, percent: r.percent, problems: r.problems, nextSteps: r.nextSteps };

/** Whether a report for a later period of the item was already accepted (progress never rolls back). */
export async function laterAccepted(db: Db | Tx, itemId: number, period: string): Promise<boolean> {
  const row = await db.selectFrom('progress_reports').select('id').where('item_id', '=', itemId).where('status', '=', 'accepted').where('period', '>', period).executeTakeFirst();
  return row !== undefined;
}
