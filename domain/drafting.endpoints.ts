import { z } from 'zod';
import { defineEndpoint } from './contract.js';
import { DRAFT_TEXT_MAX } from './drafting.js';
import { CATEGORIES } from './items.js';

const zSpan = z.object({ start: z.number().int(), end: z.number().int() });

export const zDraftParse = z.strictObject({
  text: z.string().max(DRAFT_TEXT_MAX, `粘贴的文本最多 ${DRAFT_TEXT_MAX.toLocaleString('en-US')} 个字符`),
});

export const zDraftResult = z.object({
  candidates: z.array(
    z.object({
      title: z.string(),
      sentence: z.string(),
      category: z.enum(CATEGORIES).nullable(),
      categoryCue: z.string().nullable(),
      domain: z.string().nullable(),
      statedCount: z.number().int().nullable(),
      source: z.enum(['quoted', 'listed', 'sentence']),
      span: zSpan,
    }),
  ),
  counts: z.array(z.object({ value: z.number().int(), category: z.enum(CATEGORIES).nullable(), total: z.boolean(), text: z.string(), span: zSpan })),
  stats: z.object({ characters: z.number().int(), droppedLines: z.number().int(), glossesRemoved: z.number().int(), converted: z.boolean() }),
});

export const draftingEndpoints = {
  /** Candidates for the list found in pasted text; nothing is written. */
  parse: defineEndpoint({ method: 'POST', path: '/drafting/parse', body: zDraftParse, response: zDraftResult }),
};
