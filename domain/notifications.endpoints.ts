import { z } from 'zod';
import { listResponse, zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import {
  zDeliveryListQuery,
  zDeliveryRow,
  zEmailResponse,
  zEmailUpdate,
  zNotification,
  zNotificationList,
  zNotificationListQuery,
  zOrgWebhooks,
  zOrgWebhooksUpdate,
  zReminder,
  zReminderCreate,
  zWebhookTest,
  zWebhookTestResult,
} from './notifications.js';

/** The inbox, reminders, the caller's e-mail, deliveries and organisations' group robots: all served by the notifications module. */
export const notificationEndpoints = {
  inbox: defineEndpoint({ method: 'GET', path: '/notifications', query: zNotificationListQuery, response: zNotificationList }),
  markRead: defineEndpoint({ method: 'POST', path: '/notifications/:id/read', params: zIdParams, response: zNotification }),
  markAllRead: defineEndpoint({ method: 'POST', path: '/notifications/read-all', response: z.object({ ok: z.literal(true), count: z.number() }) }),
  itemReminders: defineEndpoint({ method: 'GET', path: '/items/:id/reminders', params: zIdParams, response: listResponse(zReminder) }),
  remind: defineEndpoint({ method: 'POST', path: '/items/:id/reminders', params: zIdParams, body: zReminderCreate, response: zReminder, status: 201 }),
  ownEmail: defineEndpoint({ method: 'GET', path: '/me/email', response: zEmailResponse }),
  setOwnEmail: defineEndpoint({ method: 'PUT', path: '/me/email', body: zEmailUpdate, response: zEmailResponse }),
  deliveries: defineEndpoint({ method: 'GET', path: '/deliveries', query: zDeliveryListQuery, response: listResponse(zDeliveryRow) }),
  orgWebhooks: defineEndpoint({ method: 'GET', path: '/organisations/:id/webhooks', params: zIdParams, response: zOrgWebhooks }),
  setOrgWebhooks: defineEndpoint({ method: 'PUT', path: '/organisations/:id/webhooks', params: zIdParams, body: zOrgWebhooksUpdate, response: zOrgWebhooks }),
  testOrgWebhook: defineEndpoint({ method: 'POST', path: '/organisations/:id/webhooks/test', params: zIdParams, body: zWebhookTest, response: zWebhookTestResult }),
};
