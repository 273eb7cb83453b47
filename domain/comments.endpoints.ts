import { zAttachment } from './attachments.js';
import { zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zComment, zCommentAttachmentParams, zCommentCreate, zCommentList } from './comments.js';

export const commentEndpoints = {
  ofItem: defineEndpoint({ method: 'GET', path: '/items/:id/comments', params: zIdParams, response: zCommentList }),
  create: defineEndpoint({ method: 'POST', path: '/items/:id/comments', params: zIdParams, body: zCommentCreate, response: zComment, status: 201 }),
  uploadAttachment: defineEndpoint({
    method: 'POST',
    path: '/items/:id/comments/:commentId/attachments',
    params: zCommentAttachmentParams,
    multipart: true,
    response: zAttachment,
    status: 201,
  }),
};
