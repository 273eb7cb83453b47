import * as zh from '../../domain/labels.js';
import type * as En from '../../domain/labels.en.js';
import { parsePeriod, periodLabel as periodLabelZh } from '../../domain/periods.js';
import { englishLabels } from './i18n';

/**
 * The label tables of domain/labels.ts in the user's language: pages import them from here, under
 * the same names. Chosen once, when the module loads: a language switch reloads the page.
 */
const en = englishLabels() as typeof En | null;

export const PROJECT_TYPE_LABEL: typeof zh.PROJECT_TYPE_LABEL = en ? en.PROJECT_TYPE_LABEL : zh.PROJECT_TYPE_LABEL;
export const PROJECT_STATUS_LABEL: typeof zh.PROJECT_STATUS_LABEL = en ? en.PROJECT_STATUS_LABEL : zh.PROJECT_STATUS_LABEL;
export const OUTCOME_KIND_LABEL: typeof zh.OUTCOME_KIND_LABEL = en ? en.OUTCOME_KIND_LABEL : zh.OUTCOME_KIND_LABEL;
export const CATEGORY_LABEL: typeof zh.CATEGORY_LABEL = en ? en.CATEGORY_LABEL : zh.CATEGORY_LABEL;
export const CATEGORY_SECTION_LABEL: typeof zh.CATEGORY_SECTION_LABEL = en ? en.CATEGORY_SECTION_LABEL : zh.CATEGORY_SECTION_LABEL;
export const ITEM_STATUS_LABEL: typeof zh.ITEM_STATUS_LABEL = en ? en.ITEM_STATUS_LABEL : zh.ITEM_STATUS_LABEL;
export const CONSULTATION_STATUS_LABEL: typeof zh.CONSULTATION_STATUS_LABEL = en ? en.CONSULTATION_STATUS_LABEL : zh.CONSULTATION_STATUS_LABEL;
export const ROLE_LABEL: typeof zh.ROLE_LABEL = en ? en.ROLE_LABEL : zh.ROLE_LABEL;
export const ORG_KIND_LABEL: typeof zh.ORG_KIND_LABEL = en ? en.ORG_KIND_LABEL : zh.ORG_KIND_LABEL;
export const AUDIT_ENTITY_TYPE_LABEL: typeof zh.AUDIT_ENTITY_TYPE_LABEL = en ? en.AUDIT_ENTITY_TYPE_LABEL : zh.AUDIT_ENTITY_TYPE_LABEL;
export const SIDE_LABEL: typeof zh.SIDE_LABEL = en ? en.SIDE_LABEL : zh.SIDE_LABEL;
export const AUDIT_ACTION_LABEL: typeof zh.AUDIT_ACTION_LABEL = en ? en.AUDIT_ACTION_LABEL : zh.AUDIT_ACTION_LABEL;
export const SIDE_SHORT_LABEL: typeof zh.SIDE_SHORT_LABEL = en ? en.SIDE_SHORT_LABEL : zh.SIDE_SHORT_LABEL;
export const SIDE_CONFIRM_LABEL: typeof zh.SIDE_CONFIRM_LABEL = en ? en.SIDE_CONFIRM_LABEL : zh.SIDE_CONFIRM_LABEL;
export const VERSION_KIND_LABEL: typeof zh.VERSION_KIND_LABEL = en ? en.VERSION_KIND_LABEL : zh.VERSION_KIND_LABEL;
export const COMPARED_FIELD_LABEL: typeof zh.COMPARED_FIELD_LABEL = en ? en.COMPARED_FIELD_LABEL : zh.COMPARED_FIELD_LABEL;
export const NEED_STATUS_LABEL: typeof zh.NEED_STATUS_LABEL = en ? en.NEED_STATUS_LABEL : zh.NEED_STATUS_LABEL;
export const NEED_URGENCY_LABEL: typeof zh.NEED_URGENCY_LABEL = en ? en.NEED_URGENCY_LABEL : zh.NEED_URGENCY_LABEL;
export const TRIAGE_DECISION_LABEL: typeof zh.TRIAGE_DECISION_LABEL = en ? en.TRIAGE_DECISION_LABEL : zh.TRIAGE_DECISION_LABEL;
export const CHANGE_REQUEST_KIND_LABEL: typeof zh.CHANGE_REQUEST_KIND_LABEL = en ? en.CHANGE_REQUEST_KIND_LABEL : zh.CHANGE_REQUEST_KIND_LABEL;
export const CHANGE_REQUEST_STATUS_LABEL: typeof zh.CHANGE_REQUEST_STATUS_LABEL = en ? en.CHANGE_REQUEST_STATUS_LABEL : zh.CHANGE_REQUEST_STATUS_LABEL;
export const CHANGE_FIELD_LABEL: typeof zh.CHANGE_FIELD_LABEL = en ? en.CHANGE_FIELD_LABEL : zh.CHANGE_FIELD_LABEL;
export const HISTORY_FIELD_LABEL: typeof zh.HISTORY_FIELD_LABEL = en ? en.HISTORY_FIELD_LABEL : zh.HISTORY_FIELD_LABEL;
export const HISTORY_KIND_LABEL: typeof zh.HISTORY_KIND_LABEL = en ? en.HISTORY_KIND_LABEL : zh.HISTORY_KIND_LABEL;
export const ITEM_WRITE_VIA_LABEL: typeof zh.ITEM_WRITE_VIA_LABEL = en ? en.ITEM_WRITE_VIA_LABEL : zh.ITEM_WRITE_VIA_LABEL;
export const SIDE_PARTY_LABEL: typeof zh.SIDE_PARTY_LABEL = en ? en.SIDE_PARTY_LABEL : zh.SIDE_PARTY_LABEL;
export const NOTICE_STATUS_LABEL: typeof zh.NOTICE_STATUS_LABEL = en ? en.NOTICE_STATUS_LABEL : zh.NOTICE_STATUS_LABEL;
export const COMPLETION_STATUS_LABEL: typeof zh.COMPLETION_STATUS_LABEL = en ? en.COMPLETION_STATUS_LABEL : zh.COMPLETION_STATUS_LABEL;
export const LIGHT_LABEL: typeof zh.LIGHT_LABEL = en ? en.LIGHT_LABEL : zh.LIGHT_LABEL;
export const REPORT_CYCLE_LABEL: typeof zh.REPORT_CYCLE_LABEL = en ? en.REPORT_CYCLE_LABEL : zh.REPORT_CYCLE_LABEL;
export const REPORT_SLOT_STATE_LABEL: typeof zh.REPORT_SLOT_STATE_LABEL = en ? en.REPORT_SLOT_STATE_LABEL : zh.REPORT_SLOT_STATE_LABEL;
export const REPORT_STATUS_LABEL: typeof zh.REPORT_STATUS_LABEL = en ? en.REPORT_STATUS_LABEL : zh.REPORT_STATUS_LABEL;
export const REMINDER_KIND_LABEL: typeof zh.REMINDER_KIND_LABEL = en ? en.REMINDER_KIND_LABEL : zh.REMINDER_KIND_LABEL;
export const DELIVERY_CHANNEL_LABEL: typeof zh.DELIVERY_CHANNEL_LABEL = en ? en.DELIVERY_CHANNEL_LABEL : zh.DELIVERY_CHANNEL_LABEL;
export const DELIVERY_STATUS_LABEL: typeof zh.DELIVERY_STATUS_LABEL = en ? en.DELIVERY_STATUS_LABEL : zh.DELIVERY_STATUS_LABEL;
export const EVENT_TYPE_LABEL: typeof zh.EVENT_TYPE_LABEL = en ? en.EVENT_TYPE_LABEL : zh.EVENT_TYPE_LABEL;
export const TASK_KIND_LABEL: typeof zh.TASK_KIND_LABEL = en ? en.TASK_KIND_LABEL : zh.TASK_KIND_LABEL;
export const ANNOUNCEMENT_KIND_LABEL: typeof zh.ANNOUNCEMENT_KIND_LABEL = en ? en.ANNOUNCEMENT_KIND_LABEL : zh.ANNOUNCEMENT_KIND_LABEL;
export const ANNOUNCEMENT_STATUS_LABEL: typeof zh.ANNOUNCEMENT_STATUS_LABEL = en ? en.ANNOUNCEMENT_STATUS_LABEL : zh.ANNOUNCEMENT_STATUS_LABEL;
export const SEARCH_KIND_LABEL: typeof zh.SEARCH_KIND_LABEL = en ? en.SEARCH_KIND_LABEL : zh.SEARCH_KIND_LABEL;

export const sectionHeading: typeof zh.sectionHeading = en ? en.sectionHeading : zh.sectionHeading;
export const formatWan: typeof zh.formatWan = en ? en.formatWan : zh.formatWan;
/** A calendar day in words: 2025年6月30日, or 30 Jun 2025. */
export const formatDateCn: typeof zh.formatDateCn = en ? en.formatDateCn : zh.formatDateCn;

/** A reporting period by its code: 2026Q3 → 2026年第三季度, or 2026 Q3. */
export function periodLabel(code: string): string {
  if (!en) return periodLabelZh(code);
  const p = parsePeriod(code);
  if (!p) return code;
  const y = code.slice(0, 4);
  const n = Number(code.slice(5));
  switch (p.cycle) {
    case 'monthly':
      return `${en.MONTHS[n - 1]} ${y}`;
    case 'quarterly':
      return `${y} Q${n}`;
    case 'half_yearly':
      return `${y} H${n}`;
  }
}
