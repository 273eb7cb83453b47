import type { Attachment } from '../../../domain/attachments.js';
import type { Attendee, Meeting } from '../../../domain/meetings.js';
import type { Db, Tx } from '../../platform/db.js';
import { dropRow, indexRow } from '../search/search.index.js';

type Conn = Db | Tx;

function base(db: Conn) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('users as u', 'u.id', 'm.created_by')
    .select([
      'm.id',
      'm.consultation_id',
      'm.held_on',
      'm.venue',
      'm.attendees_json',
      'm.agenda',
      'm.minutes_html',
      'm.created_by',
      'u.display_name as created_by_name',
      'm.version',
      'm.created_at',
      'm.updated_at',
    ]);
}

export async function getMeetingRow(db: Conn, id: number) {
  return base(db).where('m.id', '=', id).executeTakeFirst();
}

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof getMeetingRow>>>;

/** Newest meeting first; the (consultation_id, held_on, id) index serves it. A consultation holds a handful. */
export async function listMeetingRows(db: Conn, consultationId: number) {
  return base(db).where('m.consultation_id', '=', consultationId).orderBy('m.held_on', 'desc').orderBy('m.id', 'desc').limit(500).execute();
}

export interface MeetingValues {
  heldOn: string;
  venue: string;
  attendees: Attendee[];
  agenda: string;
  minutesHtml: string;
}

export async function insertMeeting(tx: Tx, consultationId: number, v: MeetingValues, createdBy: number, now: string): Promise<number> {
  const row = await tx
    .insertInto('meetings')
    .values({
      consultation_id: consultationId,
      held_on: v.heldOn,
      venue: v.venue,
      attendees_json: JSON.stringify(v.attendees),
      agenda: v.agenda,
      minutes_html: v.minutesHtml,
      created_by: createdBy,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexRow(tx, 'meeting', row.id);
  return row.id;
}

/** Writes the new values only when the row is still at the version read; returns whether it was. */
export async function updateMeetingGuarded(tx: Tx, id: number, version: number, v: MeetingValues, now: string): Promise<boolean> {
  const res = await tx
    .updateTable('meetings')
    .set({
      held_on: v.heldOn,
      venue: v.venue,
      attendees_json: JSON.stringify(v.attendees),
      agenda: v.agenda,
      minutes_html: v.minutesHtml,
      version: version + 1,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await indexRow(tx, 'meeting', id);
  return true;
}

export function valuesOf(r: MeetingRow): MeetingValues {
  return { heldOn: r.held_on, venue: r.venue, attendees: JSON.parse(r.attendees_json) as Attendee[], agenda: r.agenda, minutesHtml: r.minutes_html };
}

export function presentMeeting(r: MeetingRow, photos: Attachment[]): Meeting {
  return {
    id: r.id,
    consultationId: r.consultation_id,
    ...valuesOf(r),
    createdBy: { id: r.created_by, displayName: r.created_by_name },
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    photos,
  };
}

/** Deletes the record and its photo rows when it is still at the version read; returns the photos' storage keys, or null if it was not. */
export async function deleteMeetingGuarded(tx: Tx, id: number, version: number): Promise<string[] | null> {
  const photos = await tx.selectFrom('attachments').select('storage_key').where('owner_type', '=', 'meeting').where('owner_id', '=', id).execute();
  const res = await tx.deleteFrom('meetings').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(res.numDeletedRows) !== 1) return null;
  await dropRow(tx, 'meeting', id);
  await tx.deleteFrom('attachments').where('owner_type', '=', 'meeting').where('owner_id', '=', id).execute();
  return photos.map((p) => p.storage_key);
}
