import type * as En from '../../domain/labels.en.js';
import * as zhIndicators from '../../domain/indicators.js';
import * as zhJobs from '../../domain/jobs.js';
import * as zhDocuments from '../../domain/documents.js';
import * as zhLedger from '../../domain/ledger-parse.js';
import { englishLabels } from './i18n';

/**
 * The label tables kept beside their domains (indicators, jobs, documents, the ledger's columns), in
 * the user's language. Apart from web/app/labels.ts so that the first screens, which show none of
 * them, do not download those domain modules.
 */
const en = englishLabels() as typeof En | null;

export const SUBMISSION_STATUS_LABEL: typeof zhIndicators.SUBMISSION_STATUS_LABEL = en ? en.SUBMISSION_STATUS_LABEL : zhIndicators.SUBMISSION_STATUS_LABEL;
export const TARGET_LEVEL_LABEL: typeof zhIndicators.TARGET_LEVEL_LABEL = en ? en.TARGET_LEVEL_LABEL : zhIndicators.TARGET_LEVEL_LABEL;
export const FINALITY_LABEL: Record<keyof typeof zhIndicators.FINALITY_LABEL, string> = en ? en.FINALITY_LABEL : zhIndicators.FINALITY_LABEL;
export const JOB_LABEL: typeof zhJobs.JOB_LABEL = en ? en.JOB_LABEL : zhJobs.JOB_LABEL;
export const DOCUMENT_KIND_LABEL: Record<keyof typeof zhDocuments.DOCUMENT_KIND_LABEL, string> = en ? en.DOCUMENT_KIND_LABEL : zhDocuments.DOCUMENT_KIND_LABEL;
export const FILE_SOURCE_LABEL: typeof zhDocuments.FILE_SOURCE_LABEL = en ? en.FILE_SOURCE_LABEL : zhDocuments.FILE_SOURCE_LABEL;
export const FIELD_LABEL: typeof zhLedger.FIELD_LABEL = en ? en.FIELD_LABEL : zhLedger.FIELD_LABEL;
