import type { Actor } from '../../platform/actor.js';
import { findAttachment, type AttachmentOwner } from '../../platform/attachments.js';
import type { Db, Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { assertCommentReadable } from '../comments/comments.service.js';
import { assertCompletionReadable } from '../completion/completion.service.js';
import { assertMeetingReadable } from '../meetings/meetings.service.js';
import { assertNeedReadable } from '../needs/needs.service.js';
import { assertDraftEvidenceReadable, assertReportReadable } from '../reports/reports.service.js';

type OwnerCheck = (db: Db | Tx, actor: Actor, ownerId: number, row: { uploaded_by: number }) => Promise<void>;

/**
 * Who may read a file is who may read what owns it. Each owner type names its check here; a new
 * owner type fails to compile until it does.
 */
const READABLE: Record<AttachmentOwner['type'], OwnerCheck> = {
  item_comment: assertCommentReadable,
  need: assertNeedReadable,
  meeting: assertMeetingReadable,
  completion: assertCompletionReadable,
  report: assertReportReadable,
  report_draft: assertDraftEvidenceReadable,
};

/** The attachment's row when the caller may read what owns it; anything else is 404. */
export async function readableAttachment(db: Db | Tx, actor: Actor, id: number) {
  assertCanRead(actor);
  const row = await findAttachment(db, id);
  const check = row && Object.hasOwn(READABLE, row.owner_type) ? READABLE[row.owner_type as AttachmentOwner['type']] : undefined;
  if (!row || !check) throw notFound('附件');
  await check(db, actor, row.owner_id, row);
  return row;
}
