import { LIVE_CONSULTATION_STATUSES } from '../../../domain/consultations.js';
import type { Db, Tx } from '../../platform/db.js';

/** What computeLight needs for a set of items, in four queries whatever the number of items. */
export async function loadLightInputs(tx: Tx | Db, itemIds: number[]) {
  if (!itemIds.length) return { items: [], consultations: [], milestones: [], reports: [] };
  const items = await tx
    .selectFrom('items')
    .select([
      'id',
      'consultation_id',
      'status',
      'progress',
      'deadline',
      'ongoing',
      'closed_on',
      'light',
      'light_reasons_json',
      'punct_on_time',
      'punct_late',
      'punct_missing',
      'punct_pending',
      'punct_period',
      'punct_state',
      'punct_due',
      'punct_from',
      'punct_until',
      'punct_basis',
      'punct_closed',
    ])
    .where('id', 'in', itemIds)
    .where('deleted_at', 'is', null)
    .execute();
  const consultationIds = [...new Set(items.map((i) => i.consultation_id))];
  const consultations = await lightConsultations(tx, consultationIds);
  const milestones = await tx.selectFrom('item_milestones').select(['item_id', 'title', 'due_on', 'done_on']).where('item_id', 'in', itemIds).execute();
  const reports = await tx.selectFrom('progress_reports').select(['item_id', 'period', 'status', 'first_submitted_at']).where('item_id', 'in', itemIds).execute();
  return { items, consultations, milestones, reports };
}

/** What a light needs of the consultations: adoption, status, reporting cycle and thresholds. */
export async function lightConsultations(tx: Tx | Db, ids: number[]) {
  if (!ids.length) return [];
  return tx.selectFrom('consultations').select(['id', 'status', 'adopted_on', 'report_cycle', 'report_due_days', 'supervision_json']).where('id', 'in', ids).execute();
}

/** One batch of live item ids of consultations whose list is in force, after a given id. */
export async function implementingItemIds(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('items')
    .innerJoin('consultations', 'consultations.id', 'items.consultation_id')
    .select('items.id')
    .where('consultations.status', 'in', LIVE_CONSULTATION_STATUSES)
    .where('items.deleted_at', 'is', null)
    .where('items.id', '>', afterId)
    .orderBy('items.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The reporting cycle and thresholds of one consultation. */
export async function consultationCycle(tx: Tx | Db, consultationId: number) {
  return tx
    .selectFrom('consultations')
    .select(['id', 'status', 'adopted_on', 'report_cycle', 'report_due_days', 'supervision_json', 'version'])
    .where('id', '=', consultationId)
    .executeTakeFirstOrThrow();
}

export async function liveItemIdsOf(tx: Tx | Db, consultationId: number): Promise<number[]> {
  const rows = await tx.selectFrom('items').select('id').where('consultation_id', '=', consultationId).where('deleted_at', 'is', null).execute();
  return rows.map((r) => r.id);
}
