import type { EventType } from '../../domain/events.js';
import type { Tx } from './db.js';

export interface DomainEvent {
  type: EventType;
  entityType: string;
  entityId: number | null;
  consultationId?: number | null;
  itemId?: number | null;
  actorId?: number | null;
  data?: Record<string, unknown>;
}

/**
 * Records an event in the caller's transaction (transactional outbox): if the change rolls back,
 * so does the event, and nothing is ever notified about a change that did not happen.
 */
export async function recordEvent(tx: Tx, at: string, e: DomainEvent): Promise<void> {
  await tx
    .insertInto('domain_events')
    .values({
      type: e.type,
      entity_type: e.entityType,
      entity_id: e.entityId,
      consultation_id: e.consultationId ?? null,
      item_id: e.itemId ?? null,
      actor_id: e.actorId ?? null,
      data_json: JSON.stringify(e.data ?? {}),
      created_at: at,
      processed_at: null,
    })
    .execute();
}
