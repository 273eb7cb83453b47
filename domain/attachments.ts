import { z } from 'zod';

/**
 * The file types people attach to negotiation comments, by extension. The server checks each upload's
 * bytes against its kind, so a renamed executable never gets through; the web form uses the list for
 * its file picker.
 */
export const ATTACHMENT_TYPES = {
  png: { mime: 'image/png', kind: 'png' },
  jpg: { mime: 'image/jpeg', kind: 'jpeg' },
  jpeg: { mime: 'image/jpeg', kind: 'jpeg' },
  gif: { mime: 'image/gif', kind: 'gif' },
  webp: { mime: 'image/webp', kind: 'webp' },
  pdf: { mime: 'application/pdf', kind: 'pdf' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'ooxml' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'ooxml' },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', kind: 'ooxml' },
  doc: { mime: 'application/msword', kind: 'ole' },
  xls: { mime: 'application/vnd.ms-excel', kind: 'ole' },
  ppt: { mime: 'application/vnd.ms-powerpoint', kind: 'ole' },
} as const;

export type AttachmentExt = keyof typeof ATTACHMENT_TYPES;
export type AttachmentKind = (typeof ATTACHMENT_TYPES)[AttachmentExt]['kind'];

export const ATTACHMENT_LIMITS = {
  filenameMax: 200,
  perCommentMax: 10,
  /** A file uploaded ahead of its form is kept this long for the form to claim it, then swept away. */
  pendingHours: 24,
} as const;

/** Images open in the browser; everything else downloads. */
export function isInlineImage(mime: string): boolean {
  return mime.startsWith('image/');
}

export const zAttachment = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  url: z.string(),
});
export type Attachment = z.infer<typeof zAttachment>;
