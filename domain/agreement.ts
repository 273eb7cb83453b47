import { z } from 'zod';

// Kept apart from negotiation.ts so items.ts can embed the marks without an import cycle.

export const zAgreementMark = z.object({
  agreed: z.boolean(),
  note: z.string(),
  by: z.string(),
  at: z.string(),
});
export type AgreementMark = z.infer<typeof zAgreementMark>;

/** Each side's mark on one item; null where that side has not marked it. */
export const zAgreement = z.object({ host: zAgreementMark.nullable(), partner: zAgreementMark.nullable() });
export type Agreement = z.infer<typeof zAgreement>;
