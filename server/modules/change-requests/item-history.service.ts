import type { HistoryDetail, HistoryEntry, HistoryKind } from '../../../domain/item-history.js';
import { ITEM_WRITE_VIAS } from '../../../domain/item-history.js';
import { SIDES } from '../../../domain/negotiation.js';
import { REMINDER_KINDS, type ReminderKind } from '../../../domain/notifications.js';
import type { Actor } from '../../platform/actor.js';
import type { Deps } from '../../platform/deps.js';
import { VIA_ID_KEY } from '../items/items.command.js';
import { visibleItem } from '../items/items.service.js';
import { orgNames } from './change-requests.repo.js';
import * as repo from './item-history.repo.js';

/** Enough for an item's whole life in practice; each record contributes at most this many before the merge. */
const HISTORY_LIMIT = 200;

type Json = Record<string, unknown>;

const byStatus =
  (accepted: string, yes: HistoryKind, no: HistoryKind) =>
  (after: Json): HistoryKind =>
    after.status === accepted ? yes : no;

/** Audit action → entry kind; decisions split by the outcome their row records. */
const KIND_OF_ACTION: Record<string, HistoryKind | ((after: Json) => HistoryKind)> = {
  'item.create': 'item_created',
  'item.update': 'item_updated',
  'item.delete': 'item_deleted',
  'item.agreement': 'agreement_marked',
  'programme.assign': 'programme_assigned',
  'change_request.create': 'change_request_filed',
  'change_request.decide': byStatus('approved', 'change_request_approved', 'change_request_rejected'),
  'change_request.withdraw': 'change_request_withdrawn',
  'report.submit': 'report_submitted',
  'report.revise': 'report_resubmitted',
  'report.review': byStatus('accepted', 'report_accepted', 'report_returned'),
  'report.contribute': 'report_contributed',
  'notice.create': 'notice_drafted',
  'notice.update': 'notice_revised',
  'notice.send_back': 'notice_sent_back',
  'notice.sign': 'notice_signed',
  'notice.respond': 'notice_answered',
  'completion.request': 'completion_requested',
  'completion.approve': 'completion_approved',
  'completion.return': 'completion_returned',
};

/** Field-by-field changes are shown for item writes and change requests; the other kinds say it in one line. */
const WITH_CHANGES = new Set<HistoryKind>([
  'item_created',
  'item_updated',
  'item_deleted',
  'programme_assigned',
  'change_request_filed',
  'change_request_approved',
  'change_request_rejected',
  'change_request_withdrawn',
]);

/** Bookkeeping keys of audit rows: where a write came from goes into the detail, not the change list. */
const NOT_CHANGES = new Set<string>(['kind', 'itemId', 'via', ...Object.values(VIA_ID_KEY).filter((k): k is string => k !== null)]);

const parse = (s: string | null): Json => (s ? (JSON.parse(s) as Json) : {});
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

/** Whose agreement mark an item.agreement row records: its keys name the side (host.agreed, partner.note). */
function agreementDetail(before: Json, after: Json): HistoryDetail {
  const side = SIDES.find((s) => Object.keys(after).some((k) => k.startsWith(`${s}.`)) || Object.keys(before).some((k) => k.startsWith(`${s}.`)));
  if (!side) return {};
  const agreed = after[`${side}.agreed`];
  return { side, ...(typeof agreed === 'boolean' ? { agreed } : {}), ...(text(after[`${side}.note`]) ? { note: text(after[`${side}.note`]) } : {}) };
}

/**
 * The item's whole story, newest first: its own audit rows (creation, edits, agreement marks),
 * those of its change requests, progress reports, supervision notices and close-out requests, and
 * its reminders. Whoever may read the item may read all of it; anyone else gets what reading the
 * item would give them (404 or 403).
 */
export async function itemHistory(deps: Deps, actor: Actor, itemId: number): Promise<{ data: HistoryEntry[]; nextCursor: null }> {
  await visibleItem(deps.db, actor, itemId);
  const [audits, reminders] = await Promise.all([repo.auditRows(deps.db, itemId, HISTORY_LIMIT), repo.reminderRows(deps.db, itemId, HISTORY_LIMIT)]);
  const parsed = audits.map((r) => ({ r, before: parse(r.before_json), after: parse(r.after_json) }));
  const idsOf = (type: string) => [...new Set(audits.filter((r) => r.entity_type === type && r.entity_id !== null).map((r) => r.entity_id!))];
  const orgIds: number[] = [];
  for (const { before, after } of parsed) {
    for (const o of [before, after]) {
      if (typeof o.leadUnitId === 'number') orgIds.push(o.leadUnitId);
      if (Array.isArray(o.coUnitIds)) orgIds.push(...(o.coUnitIds as number[]));
    }
  }
  const [names, kinds, periods, numbers] = await Promise.all([
    orgNames(deps.db, [...new Set(orgIds)]),
    repo.changeRequestKinds(deps.db, idsOf('change_request')),
    repo.reportPeriods(deps.db, idsOf('report')),
    repo.noticeNumbers(deps.db, idsOf('supervision_notice')),
  ]);
  const show = (field: string, v: unknown): [string, unknown] => {
    if (field === 'leadUnitId') return ['leadUnit', typeof v === 'number' ? (names.get(v) ?? String(v)) : (v ?? null)];
    if (field === 'coUnitIds') return ['coUnits', Array.isArray(v) ? (v as number[]).map((id) => names.get(id) ?? String(id)) : (v ?? null)];
    return [field, v ?? null];
  };

  const fromAudit = parsed.map(({ r, before, after }): HistoryEntry => {
    const rule = KIND_OF_ACTION[r.action];
    const kind: HistoryKind = typeof rule === 'function' ? rule(after) : (rule ?? 'other');
    const id = r.entity_id;
    let detail: HistoryDetail = {};
    if (r.entity_type === 'item') {
      detail = kind === 'agreement_marked' ? agreementDetail(before, after) : isOneOf(ITEM_WRITE_VIAS, after.via) ? { via: after.via } : {};
    } else if (r.entity_type === 'report' && id !== null) {
      detail = { period: periods.get(id) ?? text(after.period) ?? null };
      if (typeof after.percent === 'number' && (kind === 'report_submitted' || kind === 'report_resubmitted')) detail.percent = after.percent;
      if (kind === 'report_returned' && text(after.note)) detail.note = text(after.note);
    } else if (r.entity_type === 'supervision_notice' && id !== null) {
      // The signature's own row names the number it gave; later rows take it from the notice.
      detail = { number: text(after.number) ?? numbers.get(id) ?? null };
      if (kind === 'notice_sent_back' && text(after.note)) detail.note = text(after.note);
      if (kind === 'notice_answered' && typeof after.late === 'boolean') detail.late = after.late;
    } else if (text(after.note) && (kind === 'completion_returned' || kind === 'change_request_rejected' || kind === 'change_request_approved')) {
      detail = { note: text(after.note) };
    }
    const keys = WITH_CHANGES.has(kind) ? [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !NOT_CHANGES.has(k)) : [];
    const isCr = r.entity_type === 'change_request' && id !== null;
    return {
      key: `audit:${r.id}`,
      id: r.id,
      kind,
      at: r.at,
      action: r.action,
      by: r.display_name ?? r.username,
      changes: keys.map((k) => {
        const [field, from] = show(k, before[k]);
        return { field, from, to: show(k, after[k])[1] };
      }),
      changeRequest: isCr ? { id: id, kind: kinds.get(id) ?? 'modify' } : null,
      detail,
    };
  });

  const fromReminders = reminders.map((r): HistoryEntry => ({
    key: `reminder:${r.id}`,
    id: r.id,
    kind: 'reminder_sent',
    at: r.created_at,
    action: 'reminder.sent',
    by: r.display_name ?? null,
    changes: [],
    changeRequest: null,
    detail: {
      ...(isOneOf<ReminderKind>(REMINDER_KINDS, r.kind) ? { reminderKind: r.kind } : {}),
      ...(r.period ? { period: r.period } : {}),
      ...(r.note ? { note: r.note } : {}),
    },
  }));

  // Instants are ISO strings in UTC on both databases, so they sort as text. Rows of one transaction
  // share an instant: the audit id keeps their order, and a reminder sorts above audit rows of its instant.
  const rank = (e: HistoryEntry) => (e.action === 'reminder.sent' ? 1 : 0);
  const data = [...fromAudit, ...fromReminders].sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : rank(b) - rank(a) || b.id - a.id)).slice(0, HISTORY_LIMIT);
  return { data, nextCursor: null };
}
