import { Converter } from 'opencc-js/t2cn';
import { draftFromText, type DraftResult } from '../../../domain/drafting.js';
import { DEFAULT_DOMAINS } from '../../../domain/items.js';
import type { Actor } from '../../platform/actor.js';
import { requirePermission } from '../../platform/access.js';
import type { Db } from '../../platform/db.js';
import { listDict } from '../dictionaries/dictionaries.service.js';

let toSimplified: ((s: string) => string) | undefined;

/** Traditional (Taiwan and Hong Kong forms alike) to simplified; the dictionaries load on first use. */
function simplifier(): (s: string) => string {
  toSimplified ??= Converter({ from: 'tw', to: 'cn' });
  return toSimplified;
}

/** Candidates from text, with domains guessed among those the dictionary offers today. */
export async function parseDraft(db: Db, actor: Actor, text: string): Promise<DraftResult> {
  // Only those who write lists draft them; reading the result writes nothing.
  requirePermission(actor, 'item.write');
  const domains = (await listDict(db, 'item_domain')).filter((d) => d.enabled).map((d) => d.value);
  return draftFromText(text, { domains, toSimplified: simplifier() });
}

/** The same for the command line, which has no database: the default domains. */
export function parseDraftOffline(text: string): DraftResult {
  return draftFromText(text, { domains: DEFAULT_DOMAINS, toSimplified: simplifier() });
}
