import { zAttachment } from './attachments.js';
import { listResponse, zIdParams, zOkResponse } from './common.js';
import { defineEndpoint } from './contract.js';
import { zMeeting, zMeetingCreate, zMeetingDeleteQuery, zMeetingUpdate } from './meetings.js';

export const meetingEndpoints = {
  ofConsultation: defineEndpoint({ method: 'GET', path: '/consultations/:id/meetings', params: zIdParams, response: listResponse(zMeeting) }),
  create: defineEndpoint({ method: 'POST', path: '/consultations/:id/meetings', params: zIdParams, body: zMeetingCreate, response: zMeeting, status: 201 }),
  get: defineEndpoint({ method: 'GET', path: '/meetings/:id', params: zIdParams, response: zMeeting }),
  update: defineEndpoint({ method: 'PATCH', path: '/meetings/:id', params: zIdParams, body: zMeetingUpdate, response: zMeeting }),
  remove: defineEndpoint({ method: 'DELETE', path: '/meetings/:id', params: zIdParams, query: zMeetingDeleteQuery, response: zOkResponse }),
  uploadPhoto: defineEndpoint({ method: 'POST', path: '/meetings/:id/photos', params: zIdParams, multipart: true, response: zAttachment, status: 201 }),
};
