import { z } from 'zod';
import { zAttachment } from './attachments.js';
import { zId, zRefId } from './common.js';

export const COMMENT_BODY_MAX = 2000;

export const zCommentCreate = z.strictObject({
  body: z.string().trim().min(1).max(COMMENT_BODY_MAX),
  /** Replying to another comment on the same item. */
  parentId: zRefId.nullable().optional(),
});
export type CommentCreate = z.infer<typeof zCommentCreate>;

export const zComment = z.object({
  id: z.number(),
  itemId: z.number(),
  parentId: z.number().nullable(),
  body: z.string(),
  author: z.object({ id: z.number(), displayName: z.string(), orgName: z.string() }),
  /** The side of the consultation the author spoke for when writing. */
  side: z.enum(['host', 'partner']).nullable(),
  createdAt: z.string(),
  attachments: z.array(zAttachment),
});
export type Comment = z.infer<typeof zComment>;

export const zCommentList = z.object({ data: z.array(zComment), nextCursor: z.string().nullable() });

export const zCommentAttachmentParams = z.strictObject({ id: zId, commentId: zId });
