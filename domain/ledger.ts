import { z } from 'zod';
import { CATEGORIES, ITEM_STATUSES } from './items.js';
import { LIMITS, zRefId } from './common.js';
import { LEDGER_FIELDS, LEDGER_SKIP_KINDS } from './ledger-parse.js';

/** Ledger import and export: the API's shapes, shared by server and web. */

export const LEDGER_ACTIONS = ['add', 'update'] as const;
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

const zColumnLetter = z.string().regex(/^[A-Z]{1,2}$/, '列名应为 A、B、…、AA 这样的字母');

/** The user's corrections to what the parser saw: another sheet, other columns, categories per row. */
export const zLedgerMapping = z.strictObject({
  sheet: z.string().trim().min(1).max(100).optional(),
  columns: z.partialRecord(z.enum(LEDGER_FIELDS), zColumnLetter.nullable()).optional(),
  /** Excel row number → category: on an item row for that row, on a heading row for its whole section. */
  categories: z.record(z.string().regex(/^\d{1,6}$/), z.enum(CATEGORIES)).optional(),
  /** Excel rows left out of the import. */
  skipRows: z.array(z.number().int().min(1).max(1_000_000)).max(20_000).optional(),
});
export type LedgerMapping = z.infer<typeof zLedgerMapping>;

export const zUnitDecision = z.union([z.strictObject({ orgId: zRefId }), z.strictObject({ create: z.strictObject({ parentId: zRefId }) })]);
export type UnitDecision = z.infer<typeof zUnitDecision>;

export const zLedgerCommit = zLedgerMapping.extend({
  unitDecisions: z.record(z.string().trim().min(1).max(LIMITS.nameMax), zUnitDecision).optional(),
  /** Item id → the version the preview showed; an item edited since then stops the commit (409). */
  itemVersions: z.record(z.string().regex(/^\d{1,10}$/), zRefId).optional(),
});
export type LedgerCommit = z.infer<typeof zLedgerCommit>;

export const zLedgerProblem = z.object({ cell: z.string(), code: z.string(), message: z.string(), blocking: z.boolean() });
export type LedgerPreviewProblem = z.infer<typeof zLedgerProblem>;

export const zLedgerPreviewRow = z.object({
  row: z.number(),
  action: z.enum(LEDGER_ACTIONS),
  itemId: z.number().nullable(),
  itemVersion: z.number().nullable(),
  /** For an update: the fields the import would change (empty: the item already says this). */
  changes: z.array(z.string()),
  skipped: z.boolean(),
  category: z.enum(CATEGORIES).nullable(),
  title: z.string(),
  content: z.string(),
  domain: z.string().nullable(),
  leadUnit: z.string().nullable(),
  coUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  fundingWan: z.number().nullable(),
  status: z.enum(ITEM_STATUSES).nullable(),
  progressNote: z.string().nullable(),
});
export type LedgerPreviewRow = z.infer<typeof zLedgerPreviewRow>;

export const zLedgerPreview = z.object({
  id: z.number(),
  consultationId: z.number(),
  filename: z.string(),
  status: z.enum(['preview', 'committed']),
  sheet: z.string(),
  sheets: z.array(z.string()),
  headerRow: z.number(),
  ledgerYear: z.number().nullable(),
  /** Field → column letter as used. */
  columns: z.record(z.string(), z.string()),
  headers: z.array(z.object({ column: z.string(), text: z.string() })),
  rows: z.array(zLedgerPreviewRow),
  /** Rows the importer leaves out by itself, not items (a 合计/小计 row), with the reason; rows the user skips stay in `rows`. */
  skippedRows: z.array(z.object({ row: z.number(), kind: z.enum(LEDGER_SKIP_KINDS), reason: z.string() })),
  problems: z.array(zLedgerProblem),
  unknownUnits: z.array(z.object({ name: z.string(), rows: z.array(z.number()), ambiguous: z.boolean() })),
  counts: z.object({ add: z.number(), update: z.number(), unchanged: z.number(), skipped: z.number() }),
  /** True when the commit would be refused until the blocking problems are resolved. */
  blocked: z.boolean(),
});
export type LedgerPreview = z.infer<typeof zLedgerPreview>;

export const zLedgerCommitResult = z.object({ id: z.number(), added: z.number(), updated: z.number(), unchanged: z.number(), createdUnits: z.number() });
export type LedgerCommitResult = z.infer<typeof zLedgerCommitResult>;
