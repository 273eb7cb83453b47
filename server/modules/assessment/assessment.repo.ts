import { LIVE_CONSULTATION_STATUSES } from '../../../domain/consultations.js';
import type { AssessmentWeights } from '../../../domain/assessment.js';
import type { Actor } from '../../platform/actor.js';
import type { Db, Tx } from '../../platform/db.js';
import { listedForActor } from '../consultations/consultations.policy.js';

type Conn = Db | Tx;

/**
 * Which lead units the caller may see scored: every unit of the bureau's consultations when the
 * caller sits at the bureau (or above it); otherwise only units in the caller's own subtree — a
 * county's coordinator its county's units, a unit's reporter its own unit.
 */
export interface UnitScope {
  actor: Actor;
  hostOrgId: number;
  allUnits: boolean;
}

/** The bureaus hosting the live consultations the caller sees. */
export async function hostsInScope(db: Conn, actor: Actor) {
  return db
    .selectFrom('consultations as c')
    .innerJoin('consultation_parties as hp', (j) => j.onRef('hp.consultation_id', '=', 'c.id').on('hp.side', '=', 'host'))
    .innerJoin('organisations as ho', 'ho.id', 'hp.org_id')
    .select(['ho.id', 'ho.name', 'ho.path'])
    .distinct()
    .where((eb) => listedForActor(eb, actor))
    .where('c.status', 'in', LIVE_CONSULTATION_STATUSES)
    .orderBy('ho.id')
    .execute();
}

/** The scored items (live, not deleted, with a lead unit in scope), joined to what the report slots need. */
function scopedItems(db: Conn, s: UnitScope) {
  let q = db
    .selectFrom('items as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .innerJoin('consultation_parties as hp', (j) => j.onRef('hp.consultation_id', '=', 'c.id').on('hp.side', '=', 'host'))
    .innerJoin('organisations as lu', 'lu.id', 'i.lead_unit_id')
    .where('hp.org_id', '=', s.hostOrgId)
    .where((eb) => listedForActor(eb, s.actor))
    .where('c.status', 'in', LIVE_CONSULTATION_STATUSES)
    .where('i.deleted_at', 'is', null);
  if (!s.allUnits) q = q.where('lu.path', 'like', `${s.actor.orgPath}%`);
  return q;
}

export async function items(db: Conn, s: UnitScope) {
  return scopedItems(db, s)
    .select([
      'i.id',
      'i.lead_unit_id',
      'lu.name as unit_name',
      'lu.sort_order as unit_order',
      'i.status',
      'i.deadline',
      'i.ongoing',
      'i.closed_on',
      'i.light',
      'c.status as consultation_status',
      'c.adopted_on',
      'c.report_cycle',
      'c.report_due_days',
    ])
    .orderBy('i.id')
    .execute();
}

const scopedIds = (db: Conn, s: UnitScope) => scopedItems(db, s).select('i.id');

/** Every report of the scored items, in one query. */
export async function reports(db: Conn, s: UnitScope) {
  return db.selectFrom('progress_reports as r').select(['r.item_id', 'r.period', 'r.status', 'r.first_submitted_at']).where('r.item_id', 'in', scopedIds(db, s)).execute();
}

/** Review rounds sent back in [from, to) (UTC instants), counted per lead unit in SQL. */
export async function returnedRoundsByUnit(db: Conn, s: UnitScope, from: string, to: string) {
  return db
    .selectFrom('progress_report_rounds as rr')
    .innerJoin('progress_reports as r', 'r.id', 'rr.report_id')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .select(['i.lead_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('rr.decision', '=', 'returned')
    .where('rr.decided_at', '>=', from)
    .where('rr.decided_at', '<', to)
    .where('i.id', 'in', scopedIds(db, s))
    .groupBy('i.lead_unit_id')
    .execute();
}

/** Signed notices (the ones a unit actually received) signed in [from, to), with their answer. */
export async function noticesSigned(db: Conn, s: UnitScope, from: string, to: string) {
  return db
    .selectFrom('supervision_notices as n')
    .select(['n.item_id', 'n.status', 'n.response_due', 'n.responded_at'])
    .where('n.status', 'in', ['signed', 'answered'])
    .where('n.signed_at', '>=', from)
    .where('n.signed_at', '<', to)
    .where('n.item_id', 'in', scopedIds(db, s))
    .execute();
}

/**
 * Light changes of the scored items in [from, to), with each item's last change before `from` (the
 * light in force at the start) and first change from `to` on (what the light was during the period
 * when nothing changed in it): three queries, whatever the number of items or the age of the period.
 */
export async function lightChanges(db: Conn, s: UnitScope, from: string, to: string) {
  const columns = ['e.id', 'e.item_id', 'e.data_json', 'e.created_at'] as const;
  const edge = (side: 'before' | 'after') =>
    db
      .selectFrom('domain_events as e')
      .select(columns)
      .where(
        'e.id',
        'in',
        db
          .selectFrom('domain_events as m')
          .select((eb) => (side === 'before' ? eb.fn.max('m.id') : eb.fn.min('m.id')).as('id'))
          .where('m.type', '=', 'item.light_changed')
          .where('m.created_at', side === 'before' ? '<' : '>=', side === 'before' ? from : to)
          .where('m.item_id', 'in', scopedIds(db, s))
          .groupBy('m.item_id'),
      )
      .execute();
  const [during, before, after] = await Promise.all([
    db
      .selectFrom('domain_events as e')
      .select(columns)
      .where('e.type', '=', 'item.light_changed')
      .where('e.created_at', '>=', from)
      .where('e.created_at', '<', to)
      .where('e.item_id', 'in', scopedIds(db, s))
      .orderBy('e.item_id')
      .orderBy('e.id')
      .execute(),
    edge('before'),
    edge('after'),
  ]);
  return { during, before, after };
}

export async function weightsRow(db: Conn, orgId: number) {
  return db.selectFrom('assessment_weights').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function orgRow(db: Conn, orgId: number) {
  return db.selectFrom('organisations').select(['id', 'name', 'path']).where('id', '=', orgId).executeTakeFirst();
}

const columns = (w: AssessmentWeights) => ({
  on_time_reports: w.onTimeReports,
  completed_on_time: w.completedOnTime,
  answered_notices: w.answeredNotices,
  red_light_day: w.redLightDay,
  returned_report: w.returnedReport,
});

export async function insertWeights(tx: Tx, orgId: number, w: AssessmentWeights, userId: number, at: string): Promise<void> {
  await tx
    .insertInto('assessment_weights')
    .values({ org_id: orgId, ...columns(w), version: 1, updated_by: userId, updated_at: at })
    .execute();
}

/** Updates only the version read; false when someone else changed it first. */
export async function updateWeights(tx: Tx, orgId: number, version: number, w: AssessmentWeights, userId: number, at: string): Promise<boolean> {
  const res = await tx
    .updateTable('assessment_weights')
    .set({ ...columns(w), version: version + 1, updated_by: userId, updated_at: at })
    .where('org_id', '=', orgId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
