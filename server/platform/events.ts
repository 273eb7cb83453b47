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
  await recordEvents(tx, at, [e]);
}

/** Rows per INSERT: nine parameters each stays inside both databases' limits. */
const EVENTS_CHUNK = 1000;

/** The same for many events at once (a light sweep's changes), a multi-row INSERT per chunk. */
export async function recordEvents(tx: Tx, at: string, events: readonly DomainEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += EVENTS_CHUNK) {
    await tx
      .insertInto('domain_events')
      .values(
        events.slice(i, i + EVENTS_CHUNK).map((e) => ({
          type: e.type,
          entity_type: e.entityType,
          entity_id: e.entityId,
          consultation_id: e.consultationId ?? null,
          item_id: e.itemId ?? null,
          actor_id: e.actorId ?? null,
          data_json: JSON.stringify(e.data ?? {}),
          created_at: at,
          processed_at: null,
        })),
      )
      .execute();
  }
}
