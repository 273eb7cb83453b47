import type { Migration } from 'kysely';
import * as foundation from './20261125T0001_foundation.js';
import * as negotiation from './20261125T0002_negotiation.js';
import * as commentsAttachments from './20261125T0003_comments_attachments.js';

/** Every migration, in order; the names are frozen once released. */
export const migrations: Record<string, Migration> = {
  '20261125T0001_foundation': foundation,
  '20261125T0002_negotiation': negotiation,
  '20261125T0003_comments_attachments': commentsAttachments,
};
