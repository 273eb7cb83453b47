/**
 * 催办: automatic reminders before a report or the deadline falls due and once it is overdue (then
 * weekly), and manual ones a host coordinator sends with a note. Every reminder is recorded on the
 * item and announced by a 'reminder.sent' event in the same transaction; the dispatcher tells people.
 */
import { isLiveConsultation, LIVE_CONSULTATION_STATUSES } from '../../../domain/consultations.js';
import { CLOSED_ITEM_STATUSES, isItemClosed } from '../../../domain/items.js';
import { OVERDUE_REPEAT_DAYS, type Reminder, type ReminderKind } from '../../../domain/notifications.js';
import { addDays, daysBetween, dueDateOf, nextPeriod, owedPeriods, periodContaining, periodLabel, type Period, type ReportCycle } from '../../../domain/periods.js';
import { parseSupervisionJson } from '../../../domain/supervision.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events.js';
import { visibleItem } from '../items/items.service.js';
import { itemContext, responsibleFor } from './notifications.recipients.js';
import { canRemind } from './reminders.policy.js';

const SWEEP_BATCH = 200;

interface Planned {
  kind: Exclude<ReminderKind, 'manual'>;
  period: string | null;
  dueOn: string;
  note: string;
  dedupeKey: string;
}

interface SweepItem {
  id: number;
  deadline: string | null;
  ongoing: number;
  report_cycle: string;
  report_due_days: number;
  adopted_on: string | null;
  supervision_json: string | null;
}

/** The reminders an item is owed today (pure: dates in, plans out); `reported` holds the periods with a report. */
export function plannedReminders(it: SweepItem, reported: Set<string>, today: string): Planned[] {
  const out: Planned[] = [];
  const { reminderDays } = parseSupervisionJson(it.supervision_json);
  const cycle = it.report_cycle as ReportCycle;
  if (it.adopted_on) {
    // Reports owe from the period after adoption; look at the periods whose due date can still be ahead.
    const firstOwed = nextPeriod(periodContaining(cycle, it.adopted_on)).start;
    const current = periodContaining(cycle, today);
    const candidates: Period[] = [];
    for (let p = periodContaining(cycle, addDays(today, -400)); p.start <= current.start; p = nextPeriod(p)) candidates.push(p);
    for (const p of candidates) {
      if (p.start < firstOwed || reported.has(p.code)) continue;
      const due = dueDateOf(p, it.report_due_days);
      const left = daysBetween(today, due);
      if (left > 0 && reminderDays.includes(left)) {
        out.push({
          kind: 'report_due',
          period: p.code,
          dueOn: due,
          note: `${periodLabel(p.code)}进展报告应于 ${due} 前报送（还有 ${left} 天），请按时报送。`,
          dedupeKey: `report_due:${it.id}:${p.code}:${left}`,
        });
      }
    }
    for (const p of owedPeriods(cycle, it.adopted_on, today)) {
      if (reported.has(p.code)) continue;
      const due = dueDateOf(p, it.report_due_days);
      const over = daysBetween(due, today);
      if (over < 1) continue;
      out.push({
        kind: 'report_overdue',
        period: p.code,
        dueOn: due,
        note: `${periodLabel(p.code)}进展报告应于 ${due} 前报送，已逾期 ${over} 天，请尽快报送。`,
        dedupeKey: `report_overdue:${it.id}:${p.code}:${Math.floor((over - 1) / OVERDUE_REPEAT_DAYS)}`,
      });
    }
  }
  if (it.deadline && !it.ongoing) {
    const left = daysBetween(today, it.deadline);
    if (left > 0 && reminderDays.includes(left)) {
      out.push({
        kind: 'deadline_due',
        period: null,
        dueOn: it.deadline,
        note: `事项完成时限为 ${it.deadline}（还有 ${left} 天），请抓紧推进。`,
        dedupeKey: `deadline_due:${it.id}:${it.deadline}:${left}`,
      });
    } else if (left < 0) {
      const over = -left;
      out.push({
        kind: 'deadline_overdue',
        period: null,
        dueOn: it.deadline,
        note: `事项已超过完成时限（${it.deadline}）${over} 天，请尽快办结或按程序申请调整。`,
        dedupeKey: `deadline_overdue:${it.id}:${it.deadline}:${Math.floor((over - 1) / OVERDUE_REPEAT_DAYS)}`,
      });
    }
  }
  return out;
}

async function namesOf(tx: Db | Tx, ids: number[]) {
  if (!ids.length) return [];
  const rows = await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** Records one reminder unless its key exists; returns its id, or null when it had been sent already. */
async function insertReminder(
  tx: Tx,
  itemId: number,
  p: { kind: ReminderKind; period: string | null; dueOn: string | null; note: string; dedupeKey: string | null; sentBy: number | null },
  at: string,
): Promise<{ id: number; recipients: { id: number; name: string }[]; consultationId: number } | null> {
  const item = (await itemContext(tx, itemId))!;
  const recipients = await namesOf(tx, await responsibleFor(tx, item));
  const row = await tx
    .insertInto('reminders')
    .values({
      item_id: itemId,
      kind: p.kind,
      period: p.period,
      due_on: p.dueOn,
      note: p.note,
      sent_by: p.sentBy,
      recipients_json: JSON.stringify(recipients),
      dedupe_key: p.dedupeKey,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await recordEvent(tx, at, {
    type: 'reminder.sent',
    entityType: 'reminder',
    entityId: row.id,
    consultationId: item.consultationId,
    itemId,
    actorId: p.sentBy,
    data: { kind: p.kind, period: p.period, dueOn: p.dueOn, note: p.note, recipientIds: recipients.map((r) => r.id) },
  });
  return { id: row.id, recipients, consultationId: item.consultationId };
}

/** The daily reminder sweep over every open item of lists in force; returns how many reminders were new. */
export async function sweepReminders(db: Db, today: string, at: string): Promise<number> {
  let after = 0;
  let created = 0;
  for (;;) {
    const items = await db
      .selectFrom('items as i')
      .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
      .select(['i.id', 'i.deadline', 'i.ongoing', 'c.report_cycle', 'c.report_due_days', 'c.adopted_on', 'c.supervision_json'])
      .where('c.status', 'in', LIVE_CONSULTATION_STATUSES)
      .where('i.deleted_at', 'is', null)
      .where('i.closed_on', 'is', null)
      .where('i.status', 'not in', CLOSED_ITEM_STATUSES)
      .where('i.id', '>', after)
      .orderBy('i.id')
      .limit(SWEEP_BATCH)
      .execute();
    if (!items.length) return created;
    after = items[items.length - 1]!.id;
    const reports = await db
      .selectFrom('progress_reports')
      .select(['item_id', 'period'])
      .where(
        'item_id',
        'in',
        items.map((i) => i.id),
      )
      .execute();
    const reported = new Map<number, Set<string>>();
    for (const r of reports) {
      const s = reported.get(r.item_id) ?? new Set<string>();
      s.add(r.period);
      reported.set(r.item_id, s);
    }
    for (const it of items) {
      const plans = plannedReminders(it, reported.get(it.id) ?? new Set(), today);
      if (!plans.length) continue;
      await db.transaction().execute(async (tx) => {
        for (const p of plans) if (await insertReminder(tx, it.id, { ...p, sentBy: null }, at)) created++;
      });
    }
  }
}

export async function createManualReminder(deps: Deps, ctx: RequestContext, itemId: number, note: string): Promise<Reminder> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { consultation, parties } = await visibleItem(tx, ctx.actor, itemId);
    if (!canRemind(ctx.actor, parties)) throw forbidden('只有发起方（市局）的联络员可以催办');
    const state = await tx.selectFrom('items').select(['status', 'closed_on']).where('id', '=', itemId).executeTakeFirstOrThrow();
    if (!isLiveConsultation(consultation.status)) throw new AppError('REMINDER_NOT_ALLOWED', '清单尚未议定或会商已结束，不能催办');
    if (state.closed_on || isItemClosed(state.status)) throw new AppError('REMINDER_NOT_ALLOWED', '事项已办结或已取消，不能催办');
    const r = (await insertReminder(tx, itemId, { kind: 'manual', period: null, dueOn: null, note, dedupeKey: null, sentBy: ctx.actor.userId }, now))!;
    await recordAudit(tx, ctx, now, {
      action: 'reminder.create',
      entityType: 'reminder',
      entityId: r.id,
      after: { itemId, kind: 'manual', note, recipients: r.recipients.map((x) => x.name) },
    });
    return {
      id: r.id,
      itemId,
      kind: 'manual',
      period: null,
      dueOn: null,
      note,
      sentBy: { id: ctx.actor.userId, name: ctx.actor.displayName },
      recipients: r.recipients,
      createdAt: now,
    };
  });
}

export async function listReminders(deps: Deps, actor: Actor, itemId: number): Promise<{ data: Reminder[]; nextCursor: null }> {
  await visibleItem(deps.db, actor, itemId);
  const rows = await deps.db
    .selectFrom('reminders as r')
    .leftJoin('users as u', 'u.id', 'r.sent_by')
    .select(['r.id', 'r.item_id', 'r.kind', 'r.period', 'r.due_on', 'r.note', 'r.sent_by', 'u.display_name as sender_name', 'r.recipients_json', 'r.created_at'])
    .where('r.item_id', '=', itemId)
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
  return {
    data: rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      kind: r.kind as ReminderKind,
      period: r.period,
      dueOn: r.due_on,
      note: r.note,
      sentBy: r.sent_by ? { id: r.sent_by, name: r.sender_name ?? '' } : null,
      recipients: JSON.parse(r.recipients_json) as { id: number; name: string }[],
      createdAt: r.created_at,
    })),
    nextCursor: null,
  };
}
