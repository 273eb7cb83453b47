import { isLiveConsultation } from '../../../domain/consultations.js';
import { CHANGE_REQUEST_KIND_LABEL } from '../../../domain/labels.js';
import { periodLabel } from '../../../domain/periods.js';
import { TASK_KINDS, type MyTasks, type MyTasksQuery, type TaskEntry, type TaskGroup, type TaskKind } from '../../../domain/tasks.js';
import { can, grantsWith } from '../../platform/access.js';
import { ancestorIds, type Actor } from '../../platform/actor.js';
import type { Deps } from '../../platform/deps.js';
import { canReviewCompletion } from '../completion/completion.policy.js';
import { assertCanRead, canEditItems, sideOf, type Party } from '../consultations/consultations.policy.js';
import { partiesOf } from '../consultations/consultations.service.js';
import { itemReportSlots } from '../lights/lights.service.js';
import { canDraftNotice, canSignNotice, inLeadUnit } from '../notices/notices.policy.js';
import { canTriageNeed } from '../needs/needs.policy.js';
import { canReviewReport, canWriteReport } from '../reports/reports.policy.js';
import * as repo from './tasks.repo.js';

/** Which of the caller's consultations each kind of task is looked for in, by the modules' own rules. */
interface Scope {
  review: number[];
  reviewCompletion: number[];
  redraft: number[];
  sign: number[];
  triage: number[];
  decideHostFiled: number[];
  decidePartnerFiled: number[];
  /** Live consultations where the caller reports for every item (the county's coordinator). */
  reportAll: number[];
  /** Live consultations where the caller reports for the items their unit leads. */
  reportLed: number[];
  live: number[];
}

function scopeOf(actor: Actor, consultations: repo.OpenConsultation[], parties: Map<number, Party[]>): Scope {
  const s: Scope = { review: [], reviewCompletion: [], redraft: [], sign: [], triage: [], decideHostFiled: [], decidePartnerFiled: [], reportAll: [], reportLed: [], live: [] };
  for (const c of consultations) {
    const p = parties.get(c.id) ?? [];
    const live = isLiveConsultation(c.status);
    if (live) s.live.push(c.id);
    if (live && canReviewReport(actor, p)) s.review.push(c.id);
    if (live && canReviewCompletion(actor, p)) s.reviewCompletion.push(c.id);
    if (live && canDraftNotice(actor, p)) s.redraft.push(c.id);
    if (live && canSignNotice(actor, p)) s.sign.push(c.id);
    if (canTriageNeed(actor, p)) s.triage.push(c.id);
    if (live && canEditItems(actor, p)) {
      // A request is decided by the side that did not file it.
      if (sideOf(actor, p) === 'host') s.decidePartnerFiled.push(c.id);
      else s.decideHostFiled.push(c.id);
    }
    // The county's coordinator writes for any item (canWriteReport with no lead unit of theirs).
    if (live && canWriteReport(actor, p, null)) s.reportAll.push(c.id);
    else if (live) s.reportLed.push(c.id);
  }
  return s;
}

/** The organisations the caller writes reports for: where a grant carries report writing for the unit (isReporterOf). */
function reporterUnits(actor: Actor): number[] {
  return [...new Set(grantsWith(actor, 'report.write').map((g) => g.orgId))];
}

export async function myTasks(deps: Deps, actor: Actor, q: MyTasksQuery): Promise<MyTasks> {
  assertCanRead(actor);
  const db = deps.db;
  const today = deps.clock.today();
  const limit = q.limit;
  const consultations = await repo.openConsultations(db, actor);
  const byId = new Map(consultations.map((c) => [c.id, c]));
  const parties = await partiesOf(
    db,
    consultations.map((c) => c.id),
  );
  const s = scopeOf(actor, consultations, parties);
  const title = (id: number) => byId.get(id)?.title ?? '';
  const groups = new Map<TaskKind, TaskGroup>();
  const put = (kind: TaskKind, count: number, entries: Omit<TaskEntry, 'kind' | 'consultationTitle'>[]) => {
    if (count > 0) groups.set(kind, { kind, count, entries: entries.map((e) => ({ kind, ...e, consultationTitle: title(e.consultationId) })) });
  };

  const work: Promise<void>[] = [];
  if (s.review.length) {
    work.push(
      repo.reportsByStatus(db, s.review, 'submitted', limit).then(({ count, rows }) =>
        put(
          'report_review',
          count,
          rows.map((r) => ({ entityId: r.id, itemId: r.item_id, title: r.title, consultationId: r.consultation_id, action: `审核${periodLabel(r.period)}进展报告`, dueOn: null })),
        ),
      ),
    );
  }
  if (s.reviewCompletion.length) {
    work.push(
      repo.pendingCompletions(db, s.reviewCompletion, limit).then(({ count, rows }) =>
        put(
          'completion_review',
          count,
          rows.map((r) => ({ entityId: r.id, itemId: r.item_id, title: r.title, consultationId: r.consultation_id, action: '审核办结申请，决定销号或退回', dueOn: null })),
        ),
      ),
    );
  }
  if (s.redraft.length) {
    work.push(
      repo.noticesByStatus(db, s.redraft, 'sent_back', limit).then(({ count, rows }) =>
        put(
          'notice_sent_back',
          count,
          rows.map((r) => ({ entityId: r.id, itemId: r.item_id, title: r.title, consultationId: r.consultation_id, action: '按领导意见修改督办单后重新提交签发', dueOn: null })),
        ),
      ),
    );
  }
  if (s.sign.length) {
    work.push(
      repo.noticesByStatus(db, s.sign, 'awaiting_signature', limit).then(({ count, rows }) =>
        put(
          'notice_sign',
          count,
          rows.map((r) => ({
            entityId: r.id,
            itemId: r.item_id,
            title: r.title,
            consultationId: r.consultation_id,
            action: `签发督办单（要求${r.response_due}前反馈）`,
            dueOn: null,
          })),
        ),
      ),
    );
  }
  if (s.triage.length) {
    work.push(
      repo.submittedNeeds(db, s.triage, limit).then(({ count, rows }) =>
        put(
          'need_triage',
          count,
          rows.map((r) => ({ entityId: r.id, itemId: null, title: r.title, consultationId: r.consultation_id, action: '采纳、合并或不予采纳这条需求', dueOn: null })),
        ),
      ),
    );
  }
  if (s.decideHostFiled.length || s.decidePartnerFiled.length) {
    work.push(
      repo
        .pendingChangeRequests(
          db,
          [
            { consultationIds: s.decideHostFiled, filedBy: 'host' },
            { consultationIds: s.decidePartnerFiled, filedBy: 'partner' },
          ],
          limit,
        )
        .then(({ count, rows }) =>
          put(
            'change_request_decide',
            count,
            rows.map((r) => ({
              entityId: r.id,
              itemId: r.item_id,
              title: r.title ?? proposedTitle(r.proposed_json),
              consultationId: r.consultation_id,
              action: `审批调整申请（${CHANGE_REQUEST_KIND_LABEL[r.kind]}）`,
              dueOn: null,
            })),
          ),
        ),
    );
  }
  // The lead unit answers a notice: its reporters and leaders, in the unit or below it. The unit's
  // path is a prefix of the caller's exactly when the unit is the caller's organisation or above it.
  if (s.live.length && can(actor, 'notice.respond')) {
    work.push(
      repo.signedNoticesOfLeadUnits(db, s.live, ancestorIds(actor.orgPath), limit).then(({ count, rows }) =>
        put(
          'notice_answer',
          count,
          rows
            .filter((r) => inLeadUnit(actor, r.lead_path))
            .map((r) => ({
              entityId: r.id,
              itemId: r.item_id,
              title: r.title,
              consultationId: r.consultation_id,
              action: `反馈督办单（${r.response_due}前）`,
              dueOn: r.response_due,
            })),
        ),
      ),
    );
  }
  const units = reporterUnits(actor);
  if (s.reportAll.length || (s.reportLed.length && units.length)) work.push(reportTasks(deps, s, units, byId, today, limit, put));
  await Promise.all(work);

  const out = TASK_KINDS.flatMap((k) => groups.get(k) ?? []);
  return { total: out.reduce((n, g) => n + g.count, 0), groups: out };
}

function proposedTitle(json: string): string {
  try {
    const t = (JSON.parse(json) as { title?: unknown }).title;
    return typeof t === 'string' ? t : '';
  } catch {
    return '';
  }
}

/** Reports owed and reports to revise, by the one slot rule the lights and the board use. */
async function reportTasks(
  deps: Deps,
  s: Scope,
  units: number[],
  byId: Map<number, repo.OpenConsultation>,
  today: string,
  limit: number,
  put: (kind: TaskKind, count: number, entries: Omit<TaskEntry, 'kind' | 'consultationTitle'>[]) => void,
): Promise<void> {
  const { items, reports } = await repo.reportingItems(deps.db, s.reportAll, { consultationIds: s.reportLed, unitIds: units });
  const reportsOf = new Map<number, typeof reports>();
  for (const r of reports) {
    const list = reportsOf.get(r.item_id);
    if (list) list.push(r);
    else reportsOf.set(r.item_id, [r]);
  }
  const due: Omit<TaskEntry, 'kind' | 'consultationTitle'>[] = [];
  const missing: typeof due = [];
  const revise: typeof due = [];
  for (const item of items) {
    const c = byId.get(item.consultation_id);
    if (!c) continue;
    const own = reportsOf.get(item.id) ?? [];
    for (const slot of itemReportSlots(c, item, own, today)) {
      const base = { itemId: item.id, title: item.title, consultationId: item.consultation_id, dueOn: slot.dueOn, entityId: item.id };
      if (slot.state === 'due') due.push({ ...base, action: `报送${periodLabel(slot.period)}进展报告（${slot.dueOn}前）` });
      if (slot.state === 'missing') missing.push({ ...base, action: `补报${periodLabel(slot.period)}进展报告（应于${slot.dueOn}前报送）` });
    }
    for (const r of own) {
      if (r.status === 'returned') {
        revise.push({
          entityId: r.id,
          itemId: item.id,
          title: item.title,
          consultationId: item.consultation_id,
          dueOn: null,
          action: `按审核意见修改${periodLabel(r.period)}进展报告后重新报送`,
        });
      }
    }
  }
  const byDue = (a: { dueOn: string | null }, b: { dueOn: string | null }) => (a.dueOn ?? '').localeCompare(b.dueOn ?? '');
  due.sort(byDue);
  missing.sort(byDue);
  put('report_due', due.length, due.slice(0, limit));
  put('report_missing', missing.length, missing.slice(0, limit));
  put('report_revise', revise.length, revise.slice(0, limit));
}
