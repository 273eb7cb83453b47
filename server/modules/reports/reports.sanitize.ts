import { sanitizeMinutes } from '../meetings/meetings.sanitize.js';

/** Reports are written in the same rich-text editor as meeting minutes, so they keep the same safe tag set. */
export function sanitizeProgress(html: string): Promise<string> {
  return sanitizeMinutes(html);
}
