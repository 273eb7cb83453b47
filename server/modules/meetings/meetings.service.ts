import type { Attachment } from '../../../domain/attachments.js';
import { MEETING_LIMITS, MEETING_PHOTO_EXTENSIONS, type Meeting, type MeetingCreate, type MeetingUpdate } from '../../../domain/meetings.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { attachmentsOf, countAttachments, removeStoredFiles, sanitiseFilename, storeAttachment, type IncomingFile } from '../../platform/attachments.js';
import { recordAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { extensionOf } from '../../platform/file-types.js';
import { assertCanRead, type Party } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { canWriteMeeting } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import { sanitizeMinutes } from './meetings.sanitize.js';

/** The meeting and its consultation, or 404 when either is missing or outside the caller's scope. */
async function visibleMeeting(db: Db | Tx, actor: Actor, id: number, what = '会商会议') {
  assertCanRead(actor);
  const row = await repo.getMeetingRow(db, id);
  if (!row) throw notFound(what);
  const { row: consultation, parties } = await loadVisible(db, actor, row.consultation_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound(what) : err;
  });
  return { row, consultation, parties };
}

/** For the attachment download: may the caller read this meeting? Throws 404 otherwise. */
export async function assertMeetingReadable(db: Db | Tx, actor: Actor, meetingId: number): Promise<void> {
  await visibleMeeting(db, actor, meetingId, '附件');
}

function assertWritable(actor: Actor, parties: Party[], status: string) {
  if (!canWriteMeeting(actor, parties)) throw forbidden('只有发起方（市局）的联络员可以登记和修改会商会议');
  if (status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，会议记录不能再修改');
}

async function present(db: Db | Tx, row: repo.MeetingRow): Promise<Meeting> {
  const photos = await attachmentsOf(db, 'meeting', [row.id]);
  return repo.presentMeeting(row, photos.get(row.id) ?? []);
}

export async function listMeetings(deps: Deps, actor: Actor, consultationId: number) {
  await loadVisible(deps.db, actor, consultationId);
  const rows = await repo.listMeetingRows(deps.db, consultationId);
  const photos = await attachmentsOf(
    deps.db,
    'meeting',
    rows.map((r) => r.id),
  );
  return { data: rows.map((r) => repo.presentMeeting(r, photos.get(r.id) ?? [])), nextCursor: null };
}

export async function getMeeting(deps: Deps, actor: Actor, id: number): Promise<Meeting> {
  const { row } = await visibleMeeting(deps.db, actor, id);
  return present(deps.db, row);
}

export async function createMeeting(deps: Deps, ctx: RequestContext, consultationId: number, input: MeetingCreate): Promise<Meeting> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row: c, parties } = await loadVisible(tx, ctx.actor, consultationId);
    assertWritable(ctx.actor, parties, c.status);
    const values: repo.MeetingValues = { ...input, minutesHtml: await sanitizeMinutes(input.minutesHtml) };
    const id = await repo.insertMeeting(tx, consultationId, values, ctx.actor.userId, now);
    await recordAudit(tx, ctx, now, { action: 'meeting.create', entityType: 'meeting', entityId: id, after: { consultationId, ...values } });
    return repo.presentMeeting((await repo.getMeetingRow(tx, id))!, []);
  });
}

export async function updateMeeting(deps: Deps, ctx: RequestContext, id: number, input: MeetingUpdate): Promise<Meeting> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleMeeting(tx, ctx.actor, id);
    assertWritable(ctx.actor, parties, consultation.status);
    if (input.version !== row.version) throw versionConflict();
    const before = repo.valuesOf(row);
    const after: repo.MeetingValues = {
      heldOn: input.heldOn ?? before.heldOn,
      venue: input.venue ?? before.venue,
      attendees: input.attendees ?? before.attendees,
      agenda: input.agenda ?? before.agenda,
      minutesHtml: input.minutesHtml !== undefined ? await sanitizeMinutes(input.minutesHtml) : before.minutesHtml,
    };
    // Two editors saving the same version at once: the guard lets exactly one through.
    if (!(await repo.updateMeetingGuarded(tx, id, row.version, after, now))) throw versionConflict();
    const changed = (Object.keys(after) as (keyof repo.MeetingValues)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    await recordAudit(tx, ctx, now, {
      action: 'meeting.update',
      entityType: 'meeting',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return present(tx, (await repo.getMeetingRow(tx, id))!);
  });
}

/** The host coordinator removes a record (say, entered twice); its photos go with it, rows and files. */
export async function deleteMeeting(deps: Deps, ctx: RequestContext, id: number, version: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  const storageKeys = await deps.db.transaction().execute(async (tx) => {
    const { row, consultation, parties } = await visibleMeeting(tx, ctx.actor, id);
    assertWritable(ctx.actor, parties, consultation.status);
    if (version !== row.version) throw versionConflict();
    const photos = (await attachmentsOf(tx, 'meeting', [id])).get(id) ?? [];
    const keys = await repo.deleteMeetingGuarded(tx, id, row.version);
    if (keys === null) throw versionConflict();
    await recordAudit(tx, ctx, now, {
      action: 'meeting.delete',
      entityType: 'meeting',
      entityId: id,
      before: { consultationId: row.consultation_id, ...repo.valuesOf(row), photos: photos.map((p) => ({ id: p.id, filename: p.filename })) },
    });
    return keys;
  });
  // The bytes go only once the rows are gone for good; a rollback above leaves every file in place.
  await removeStoredFiles(deps.config, storageKeys);
}

const isPhoto = (filename: string) => (MEETING_PHOTO_EXTENSIONS as readonly string[]).includes(extensionOf(sanitiseFilename(filename)) ?? '');

/** Checks who may add photos before a byte of the upload is read; only images (by name and by bytes) are kept. */
export async function attachPhoto(deps: Deps, ctx: RequestContext, id: number, receive: () => Promise<IncomingFile>): Promise<Attachment> {
  const { consultation, parties } = await visibleMeeting(deps.db, ctx.actor, id);
  assertWritable(ctx.actor, parties, consultation.status);
  const owner = { type: 'meeting' as const, id };
  if ((await countAttachments(deps.db, owner)) >= MEETING_LIMITS.photosMax) {
    throw new AppError('UNPROCESSABLE', `每次会议最多 ${MEETING_LIMITS.photosMax} 张照片`);
  }
  const file = await receive();
  if (!isPhoto(file.filename)) {
    file.stream.resume();
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `会议照片只能是图片：${MEETING_PHOTO_EXTENSIONS.join('、')}`);
  }
  return storeAttachment(deps, ctx, owner, file);
}

// What other modules read of meetings: the module's public face (its repo stays private to it).
export { getMeetingRow } from './meetings.repo.js';
