import type { Side, SnapshotItem } from '../../../domain/negotiation.js';
import type { Db, Tx } from '../../platform/db.js';

type Conn = Db | Tx;

export async function upsertAgreement(db: Conn, v: { itemId: number; side: Side; agreed: boolean; note: string; userId: number; at: string }) {
  await db.deleteFrom('item_agreements').where('item_id', '=', v.itemId).where('side', '=', v.side).execute();
  await db
    .insertInto('item_agreements')
    .values({ item_id: v.itemId, side: v.side, agreed: v.agreed ? 1 : 0, note: v.note, user_id: v.userId, at: v.at })
    .execute();
}

export async function listVersions(db: Conn, consultationId: number) {
  return db
    .selectFrom('list_versions as v')
    .innerJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.label', 'v.kind', 'v.item_count', 'v.created_at', 'u.display_name'])
    .where('v.consultation_id', '=', consultationId)
    .orderBy('v.id', 'desc')
    .execute();
}

export async function getVersion(db: Conn, consultationId: number, id: number) {
  return db
    .selectFrom('list_versions')
    .select(['id', 'label', 'kind', 'snapshot_json', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertVersion(db: Conn, v: { consultationId: number; label: string; kind: 'manual' | 'adopted'; items: SnapshotItem[]; userId: number; at: string }) {
  return db
    .insertInto('list_versions')
    .values({
      consultation_id: v.consultationId,
      label: v.label,
      kind: v.kind,
      item_count: v.items.length,
      snapshot_json: JSON.stringify(v.items),
      created_by: v.userId,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function confirmations(db: Conn, consultationId: number) {
  return db
    .selectFrom('adoption_confirmations as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.side', 'a.at', 'u.display_name'])
    .where('a.consultation_id', '=', consultationId)
    .execute();
}
