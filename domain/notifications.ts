/** Notifications (inbox), reminders (催办), deliveries and organisation robots: schemas shared by server and web. */
import { z } from 'zod';
import { LIMITS, zPageQuery } from './common.js';

export const REMINDER_KINDS = ['report_due', 'report_overdue', 'deadline_due', 'deadline_overdue', 'manual'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const DELIVERY_CHANNELS = ['email', 'wecom', 'dingtalk'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WEBHOOK_KINDS = ['wecom', 'dingtalk'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export const REMINDER_NOTE_MAX = 500;
/** An overdue item is reminded again every this many days until it is done. */
export const OVERDUE_REPEAT_DAYS = 7;

export const zNotificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  ...zPageQuery,
});

export const zNotification = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  consultationId: z.number().nullable(),
  itemId: z.number().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof zNotification>;

export const zNotificationList = z.object({ data: z.array(zNotification), nextCursor: z.string().nullable(), unreadCount: z.number() });

export const zReminderCreate = z.strictObject({
  note: z.string().trim().min(1, '请填写催办内容').max(REMINDER_NOTE_MAX),
});

export const zReminder = z.object({
  id: z.number(),
  itemId: z.number(),
  kind: z.enum(REMINDER_KINDS),
  period: z.string().nullable(),
  dueOn: z.string().nullable(),
  note: z.string(),
  sentBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  recipients: z.array(z.object({ id: z.number(), name: z.string() })),
  createdAt: z.string(),
});
export type Reminder = z.infer<typeof zReminder>;

const zRobotUrl = z.url({ protocol: /^https?$/, error: '须为 http(s) 地址' }).max(500);

export const zOrgWebhooksUpdate = z.strictObject({
  wecomUrl: zRobotUrl.nullable(),
  dingtalkUrl: zRobotUrl.nullable(),
  /** Omitted: keep the stored secret; null: remove it. */
  dingtalkSecret: z.string().trim().min(1).max(200).nullable().optional(),
  version: z.number().int().min(0),
});
export type OrgWebhooksUpdate = z.infer<typeof zOrgWebhooksUpdate>;

export const zOrgWebhooks = z.object({
  orgId: z.number(),
  wecomUrl: z.string().nullable(),
  dingtalkUrl: z.string().nullable(),
  /** The secret itself is never sent back. */
  hasDingtalkSecret: z.boolean(),
  /** 0 while nothing is configured. */
  version: z.number(),
  updatedAt: z.string().nullable(),
  recentDeliveries: z.array(
    z.object({
      id: z.number(),
      channel: z.enum(DELIVERY_CHANNELS),
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
});
export type OrgWebhooks = z.infer<typeof zOrgWebhooks>;

export const zWebhookTest = z.strictObject({ kind: z.enum(WEBHOOK_KINDS) });
export const zWebhookTestResult = z.object({ ok: z.boolean(), error: z.string().nullable() });

export const zEmailUpdate = z.strictObject({
  email: z
    .email()
    .max(LIMITS.shortTextMax * 2)
    .nullable(),
});
export const zEmailResponse = z.object({ email: z.string().nullable() });

export const zDeliveryListQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  ...zPageQuery,
});

/** What an administrator sees of a delivery: where and how it went, never the message itself. */
export const zDeliveryRow = z.object({
  id: z.number(),
  channel: z.enum(DELIVERY_CHANNELS),
  /** The e-mail address, or the organisation whose robot it went to. */
  target: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type DeliveryRow = z.infer<typeof zDeliveryRow>;
