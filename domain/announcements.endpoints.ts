import { z } from 'zod';
import { zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import {
  zAnnouncement,
  zAnnouncementAudienceOrg,
  zAnnouncementInput,
  zAnnouncementList,
  zAnnouncementListQuery,
  zAnnouncementReceipt,
  zAnnouncementReceiptQuery,
  zAnnouncementUpdate,
} from './announcements.js';

export const announcementEndpoints = {
  list: defineEndpoint({ method: 'GET', path: '/announcements', query: zAnnouncementListQuery, response: zAnnouncementList }),
  get: defineEndpoint({ method: 'GET', path: '/announcements/:id', params: zIdParams, response: zAnnouncement }),
  /** The organisations the caller's office may address, for the audience picker. */
  audience: defineEndpoint({ method: 'GET', path: '/announcements/audience-orgs', response: z.object({ data: z.array(zAnnouncementAudienceOrg) }) }),
  create: defineEndpoint({ method: 'POST', path: '/announcements', body: zAnnouncementInput, response: zAnnouncement, status: 201 }),
  update: defineEndpoint({ method: 'PUT', path: '/announcements/:id', params: zIdParams, body: zAnnouncementUpdate, response: zAnnouncement }),
  remove: defineEndpoint({ method: 'DELETE', path: '/announcements/:id', params: zIdParams, response: zOkResponse }),
  publish: defineEndpoint({ method: 'POST', path: '/announcements/:id/publish', params: zIdParams, response: zAnnouncement }),
  withdraw: defineEndpoint({ method: 'POST', path: '/announcements/:id/withdraw', params: zIdParams, response: zAnnouncement }),
  markRead: defineEndpoint({ method: 'POST', path: '/announcements/:id/read', params: zIdParams, response: zAnnouncement }),
  receipts: defineEndpoint({
    method: 'GET',
    path: '/announcements/:id/receipts',
    params: zIdParams,
    query: zAnnouncementReceiptQuery,
    response: z.object({ data: z.array(zAnnouncementReceipt), recipients: z.number(), read: z.number() }),
  }),
};
