import type { Expression } from 'kysely';
import type { Db, Dialect, Tx } from '../../platform/db.js';
import { dialectOf, jsonArrayOf, jsonColumn } from '../../platform/db-helpers.js';
import { groupBy } from '../../platform/group-by.js';
import { reusableQuery } from '../../platform/reusable-query.js';
import { reportsSelect, type ReportRow } from './reports.repo.js';

// A report history as the item page shows it: the reports, and their rounds, contributions and evidence,
// each read once for all the reports in scope and put back under their reports here. A subquery per
// report ran three small plans once for every report of every page viewed; on PostgreSQL that was about
// a fifth of the statement's cost (pgbench on the peer workload: 5,650 → 7,300 pages a second).

type Conn = Db | Tx;

/** Whose reports: an item's (a number, or the item an enclosing query is on) or one report's. */
export type HistoryScope = { itemId: number | Expression<number> } | { reportId: number };

function reportsIn(db: Conn, scope: HistoryScope) {
  const q = db.selectFrom('progress_reports as r2');
  return 'reportId' in scope ? q.where('r2.id', '=', scope.reportId) : q.where('r2.item_id', '=', scope.itemId);
}

function roundRows(db: Conn, scope: HistoryScope) {
  return reportsIn(db, scope)
    .innerJoin('progress_report_rounds as x', 'x.report_id', 'r2.id')
    .innerJoin('users as s', 's.id', 'x.submitted_by')
    .leftJoin('users as d', 'd.id', 'x.decided_by')
    .select([
      'x.report_id',
      'x.round',
      'x.snapshot_json',
      'x.submitted_at',
      'x.decision',
      'x.decision_note',
      'x.decided_at',
      's.display_name as submitted_by',
      'd.display_name as decided_by',
    ])
    .orderBy('x.report_id')
    .orderBy('x.round');
}

function contributionRows(db: Conn, scope: HistoryScope) {
  return reportsIn(db, scope)
    .innerJoin('report_contributions as c', 'c.report_id', 'r2.id')
    .innerJoin('organisations as co', 'co.id', 'c.org_id')
    .innerJoin('users as cu', 'cu.id', 'c.author_id')
    .select(['c.report_id', 'c.id', 'c.org_id', 'co.name as org_name', 'cu.display_name as author_name', 'c.text', 'c.version', 'c.created_at', 'c.updated_at'])
    .orderBy('c.id');
}

function evidenceRows(db: Conn, scope: HistoryScope) {
  return reportsIn(db, scope)
    .innerJoin('attachments as a', (j) => j.onRef('a.owner_id', '=', 'r2.id').on('a.owner_type', '=', 'report'))
    .select(['a.owner_id as report_id', 'a.id', 'a.filename', 'a.mime', 'a.size'])
    .orderBy('a.id');
}

/** The four JSON array columns of a history, to select in a statement of one's own or as columns of another. */
export function historyColumns(db: Conn, dialect: Dialect, scope: HistoryScope) {
  const reports = 'reportId' in scope ? reportsSelect(db).where('r.id', '=', scope.reportId) : reportsSelect(db).where('r.item_id', '=', scope.itemId);
  return [
    jsonArrayOf(dialect, reports.orderBy('r.period', 'desc')).as('reports'),
    jsonArrayOf(dialect, roundRows(db, scope)).as('rounds'),
    jsonArrayOf(dialect, contributionRows(db, scope)).as('contributions'),
    jsonArrayOf(dialect, evidenceRows(db, scope)).as('evidence'),
  ] as const;
}

// A row of each part as the JSON arrays carry it.
type RowOf<F extends (db: Conn, scope: HistoryScope) => { execute(): Promise<unknown[]> }> = Awaited<ReturnType<ReturnType<F>['execute']>>[number];
type RoundRow = RowOf<typeof roundRows>;
type ContributionRow = RowOf<typeof contributionRows>;
type EvidenceRow = RowOf<typeof evidenceRows>;

/** The columns as a statement returns them: arrays on PostgreSQL, JSON text on SQLite. */
export interface HistoryValues {
  reports: ReportRow[] | string;
  rounds: RoundRow[] | string;
  contributions: ContributionRow[] | string;
  evidence: EvidenceRow[] | string;
}

export type FullReportRow = ReportRow & { rounds: RoundRow[]; contributions: ContributionRow[]; evidence: EvidenceRow[] };

const byReport = <T extends { report_id: number }>(rows: T[]) => groupBy(rows, (r) => r.report_id);

/** The reports, newest period first, each with its own rounds (in order), contributions and evidence. */
export function assembleHistory(values: HistoryValues): FullReportRow[] {
  const rounds = byReport(jsonColumn(values.rounds));
  const contributions = byReport(jsonColumn(values.contributions));
  const evidence = byReport(jsonColumn(values.evidence));
  // The parsed rows are this call's own: completed in place, as copying each (a spread) cost more than the rest of this.
  return jsonColumn(values.reports).map((r) =>
    Object.assign(r, { rounds: rounds.get(r.id) ?? [], contributions: contributions.get(r.id) ?? [], evidence: evidence.get(r.id) ?? [] }),
  );
}

// The four columns in one statement of their own: on PostgreSQL four statements cost about twice what
// one does. The item page selects the same columns in its own statement (items.page.repo.ts).
const historyQuery = reusableQuery((db, scope: { itemId: number } | { reportId: number }, dialect: Dialect) => db.selectNoFrom(historyColumns(db, dialect, scope)));

/** An item's reports with everything the page shows of them, newest period first. */
export async function fullReportsOfItem(db: Conn, itemId: number): Promise<FullReportRow[]> {
  const dialect = dialectOf(db);
  return assembleHistory((await historyQuery.run(db, { itemId }, dialect, `item|${dialect}`))[0]!);
}

export async function fullReport(db: Conn, id: number): Promise<FullReportRow | undefined> {
  const dialect = dialectOf(db);
  return assembleHistory((await historyQuery.run(db, { reportId: id }, dialect, `report|${dialect}`))[0]!)[0];
}
