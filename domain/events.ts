/**
 * Closed set of domain events. Services record them in the same transaction as the change
 * (server/platform/events.ts); the job runner turns them into notifications, reminders and deliveries.
 */
export const EVENT_TYPES = [
  'item.light_changed',
  'milestone.changed',
  'report.submitted',
  'report.returned',
  'report.accepted',
  'contribution.added',
  'reminder.sent',
  'notice.drafted',
  'notice.signed',
  'notice.sent_back',
  'notice.answered',
  'completion.requested',
  'completion.approved',
  'completion.returned',
  'change_request.created',
  'change_request.decided',
  'need.submitted',
  'consultation.adopted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
