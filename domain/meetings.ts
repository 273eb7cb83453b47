import { z } from 'zod';
import { zAttachment } from './attachments.js';
import { LIMITS, zDate, zId, zRefId } from './common.js';

/** The meeting record (会商会议): when and where both sides met, who came, what was on the table. */
export const MEETING_LIMITS = {
  venueMax: 200,
  attendeesMin: 1,
  attendeesMax: 100,
  agendaMax: 4000,
  minutesMax: 100_000,
  photosMax: 30,
} as const;

/** Photos only: the extensions a meeting photo may have; the server also checks the bytes. */
export const MEETING_PHOTO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp'] as const;

export const zAttendee = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.nameMax),
  orgName: z.string().trim().min(1).max(LIMITS.nameMax),
  title: z.string().trim().max(LIMITS.shortTextMax).default(''),
});
export type Attendee = z.infer<typeof zAttendee>;

const fields = {
  heldOn: zDate,
  venue: z.string().trim().min(1).max(MEETING_LIMITS.venueMax),
  attendees: z.array(zAttendee).min(MEETING_LIMITS.attendeesMin, '至少填写一位参会人员').max(MEETING_LIMITS.attendeesMax),
  agenda: z.string().trim().max(MEETING_LIMITS.agendaMax).default(''),
  /** Rich text; the server keeps only a small safe set of tags and returns what it kept. */
  minutesHtml: z.string().max(MEETING_LIMITS.minutesMax).default(''),
};

export const zMeetingCreate = z.strictObject(fields);
export type MeetingCreate = z.infer<typeof zMeetingCreate>;
export type MeetingCreateInput = z.input<typeof zMeetingCreate>;

export const zMeetingUpdate = z.strictObject({
  heldOn: fields.heldOn.optional(),
  venue: fields.venue.optional(),
  attendees: fields.attendees.optional(),
  agenda: z.string().trim().max(MEETING_LIMITS.agendaMax).optional(),
  minutesHtml: z.string().max(MEETING_LIMITS.minutesMax).optional(),
  /** The version being edited; a stale one gets 409. */
  version: zRefId,
});
export type MeetingUpdate = z.infer<typeof zMeetingUpdate>;

export const zMeeting = z.object({
  id: z.number(),
  consultationId: z.number(),
  heldOn: z.string(),
  venue: z.string(),
  attendees: z.array(z.object({ name: z.string(), orgName: z.string(), title: z.string() })),
  agenda: z.string(),
  minutesHtml: z.string(),
  createdBy: z.object({ id: z.number(), displayName: z.string() }),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  photos: z.array(zAttachment),
});
export type Meeting = z.infer<typeof zMeeting>;

/** DELETE /meetings/:id?version=N: the version read, so a record someone just edited is not deleted unseen. */
export const zMeetingDeleteQuery = z.strictObject({ version: zId });
