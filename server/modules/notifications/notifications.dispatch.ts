/**
 * The event dispatcher: turns each recorded domain event into inbox notifications for the people it
 * concerns and queues the e-mails and group-robot messages that go with them. An event is marked
 * processed by a conditional UPDATE in the same transaction as its notifications, so it is handled
 * once even when two instances reach it together.
 */
import { EVENT_TYPES, type EventType } from '../../../domain/events.js';
import { CHANGE_REQUEST_KINDS, type ChangeRequestKind } from '../../../domain/change-requests.js';
import { CHANGE_REQUEST_KIND_LABEL, EVENT_TYPE_LABEL, LIGHT_LABEL, NEED_URGENCY_LABEL, REMINDER_KIND_LABEL } from '../../../domain/labels.js';
import { parseLightReasons } from '../../../domain/lights.js';
import { NEED_URGENCIES, type NeedUrgency } from '../../../domain/needs.js';
import { REMINDER_KINDS, type ReminderKind } from '../../../domain/notifications.js';
import { periodLabel } from '../../../domain/periods.js';
import { LIGHTS } from '../../../domain/supervision.js';
import { ancestorIds } from '../../platform/actor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db, Tx } from '../../platform/db.js';
import { claimJob, releaseJob, type JobLogger } from '../../platform/jobs.js';
import * as recipients from './notifications.recipients.js';
import * as repo from './notifications.repo.js';

const BATCH = 100;

type EventRow = repo.EventRow;

interface Message {
  userIds: number[];
  title: string;
  lines: string[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Who hears about an event and what they are told; null when nobody is. */
async function compose(tx: Tx, ev: EventRow): Promise<Message | null> {
  if (!(EVENT_TYPES as readonly string[]).includes(ev.type)) return null;
  const type = ev.type as EventType;
  const data = safeJson(ev.data_json);
  const item = ev.item_id ? await recipients.itemContext(tx, ev.item_id) : null;
  const consultationId = item?.consultationId ?? ev.consultation_id;
  if (!consultationId) return null;
  const hostCoords = () => recipients.hostCoordinators(tx, consultationId);
  const responsible = async () => (item ? recipients.responsibleFor(tx, item) : recipients.partnerCoordinators(tx, consultationId));
  const lines: string[] = [];
  const consultationTitle = item?.consultationTitle ?? (await recipients.consultationTitle(tx, consultationId));
  if (consultationTitle) lines.push(`会商：${consultationTitle}`);
  if (item) lines.push(`事项：${item.title}`);
  // What the title names when there is no item: the need or proposed item, else the consultation.
  const subject = item?.title ?? str(data.title) ?? consultationTitle;
  let userIds: number[] = [];

  switch (type) {
    case 'report.submitted':
    case 'completion.requested':
    case 'notice.answered':
      userIds = await hostCoords();
      break;
    case 'need.submitted': {
      userIds = await hostCoords();
      const title = str(data.title);
      if (title) lines.push(`需求：${title}`);
      const urgency = str(data.urgency);
      if (urgency && (NEED_URGENCIES as readonly string[]).includes(urgency)) lines.push(`紧急程度：${NEED_URGENCY_LABEL[urgency as NeedUrgency]}`);
      break;
    }
    case 'report.returned':
    case 'report.accepted': {
      const author = ev.entity_id ? await repo.reportAuthor(tx, ev.entity_id) : null;
      userIds = [...(author ? [author] : []), ...(item ? await recipients.unitReporters(tx, item.leadUnitId) : [])];
      const note = str(data.note) ?? str(data.reason);
      if (note) lines.push(`审核意见：${note}`);
      break;
    }
    case 'contribution.added':
      userIds = item ? await recipients.unitReporters(tx, item.leadUnitId) : [];
      break;
    case 'notice.drafted':
      userIds = await recipients.hostLeaders(tx, consultationId);
      break;
    case 'notice.sent_back': {
      const drafter = ev.entity_id ? await repo.noticeDrafter(tx, ev.entity_id) : null;
      userIds = drafter ? [drafter] : await hostCoords();
      const note = str(data.note);
      if (note) lines.push(`退回意见：${note}`);
      break;
    }
    case 'notice.signed': {
      userIds = await responsible();
      const number = str(data.number);
      const due = str(data.responseDue);
      if (number) lines.push(`督办单：${number}`);
      if (due) lines.push(`请于 ${due} 前反馈办理情况`);
      break;
    }
    case 'completion.approved':
    case 'completion.returned':
      userIds = await responsible();
      break;
    case 'consultation.adopted': {
      // Both sides' coordinators, and the reporters who from now on report on the agreed items.
      userIds = [...(await hostCoords()), ...(await recipients.partnerCoordinators(tx, consultationId)), ...(await recipients.leadUnitReportersOf(tx, consultationId))];
      const count = num(data.itemCount);
      if (count !== null) lines.push(`议定事项：${count} 项`, '请按议定清单组织实施，按期报送进展');
      break;
    }
    case 'item.light_changed': {
      // Only a turn to red asks for attention; greens and yellows show on the board.
      const to = str(data.to);
      if (to !== 'red') return null;
      userIds = [...(await hostCoords()), ...(await responsible())];
      const from = str(data.from);
      if (from && (LIGHTS as readonly string[]).includes(from)) lines.push(`由${LIGHT_LABEL[from as (typeof LIGHTS)[number]]}转为红灯`);
      const reasons = parseLightReasons(JSON.stringify(data.reasons ?? []));
      for (const r of reasons) lines.push(`· ${r.message}`);
      break;
    }
    case 'reminder.sent': {
      userIds = Array.isArray(data.recipientIds) ? data.recipientIds.filter((v): v is number => num(v) !== null) : [];
      const kind = str(data.kind);
      if (kind && (REMINDER_KINDS as readonly string[]).includes(kind)) lines.push(`类型：${REMINDER_KIND_LABEL[kind as ReminderKind]}`);
      const period = str(data.period);
      if (period) lines.push(`报告周期：${periodLabel(period)}`);
      const due = str(data.dueOn);
      if (due) lines.push(`到期日：${due}`);
      const note = str(data.note);
      if (note) lines.push(`催办内容：${note}`);
      break;
    }
    case 'change_request.created': {
      // The other side decides the request, so it is theirs to hear of.
      const filer = ev.entity_id ? await repo.changeRequestFiler(tx, ev.entity_id) : null;
      if (!filer) return null;
      userIds = await recipients.sideCoordinators(tx, consultationId, filer.side === 'host' ? 'partner' : 'host', item);
      changeRequestLines(lines, data, item !== null);
      const reason = str(data.reason);
      if (reason) lines.push(`申请理由：${reason}`);
      lines.push('请及时审批');
      break;
    }
    case 'change_request.decided': {
      // The filer, and their side's other coordinators who answer for the list with them.
      const filer = ev.entity_id ? await repo.changeRequestFiler(tx, ev.entity_id) : null;
      if (!filer) return null;
      userIds = [filer.userId, ...(await recipients.sideCoordinators(tx, consultationId, filer.side, item))];
      changeRequestLines(lines, data, item !== null);
      if (typeof data.approved === 'boolean') lines.push(`审批结果：${data.approved ? '同意' : '不同意'}`);
      const note = str(data.note);
      if (note) lines.push(`审批意见：${note}`);
      break;
    }
    case 'milestone.changed':
      return null;
  }
  // Nobody is told about what they did themselves.
  const unique = [...new Set(userIds)].filter((id) => id !== ev.actor_id);
  if (!unique.length) return null;
  const title = subject ? `${EVENT_TYPE_LABEL[type]}：${subject}` : EVENT_TYPE_LABEL[type];
  return { userIds: unique, title: title.slice(0, 300), lines };
}

function changeRequestLines(lines: string[], data: Record<string, unknown>, hasItem: boolean) {
  const kind = str(data.kind);
  if (kind && (CHANGE_REQUEST_KINDS as readonly string[]).includes(kind)) lines.push(`调整类型：${CHANGE_REQUEST_KIND_LABEL[kind as ChangeRequestKind]}`);
  // A proposed item has no row yet to name it; once approved, the item line above does.
  const title = str(data.title);
  if (kind === 'add' && title && !hasItem) lines.push(`拟新增事项：${title}`);
}

function safeJson(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Handles one event inside its own transaction; false when another instance already had it. */
export async function dispatchEvent(deps: Deps, tx: Tx, ev: EventRow): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  if (!(await repo.markEventProcessed(tx, ev.id, now))) return false;
  const msg = await compose(tx, ev);
  if (!msg) return true;
  const body = msg.lines.join('\n');
  const item = ev.item_id;
  await repo.insertNotifications(
    tx,
    msg.userIds.map((userId) => ({
      user_id: userId,
      event_id: ev.id,
      type: ev.type,
      title: msg.title,
      body,
      consultation_id: ev.consultation_id,
      item_id: item,
      read_at: null,
      created_at: now,
    })),
  );
  const users = await repo.usersContact(tx, msg.userIds);
  const queued: repo.NewDelivery[] = [];
  // E-mail is off until an SMTP server is configured: nothing piles up that could never be sent.
  if (deps.config.SMTP_URL) {
    for (const u of users) {
      if (u.email) queued.push({ channel: 'email', target: u.email, userId: u.id, dedupeKey: `email:${ev.id}:${u.id}`, subject: msg.title, body });
    }
  }
  for (const org of await robotsFor(
    tx,
    users.map((u) => u.org_path),
  )) {
    if (org.wecom_url) queued.push({ channel: 'wecom', target: String(org.org_id), dedupeKey: `wecom:${ev.id}:${org.org_id}`, subject: msg.title, body });
    if (org.dingtalk_url) queued.push({ channel: 'dingtalk', target: String(org.org_id), dedupeKey: `dingtalk:${ev.id}:${org.org_id}`, subject: msg.title, body });
  }
  await repo.enqueueDeliveries(tx, queued, ev.id, now);
  return true;
}

/** For each person, the nearest organisation at or above theirs that has a group robot; one message per group. */
async function robotsFor(tx: Tx, orgPaths: string[]) {
  const allIds = [...new Set(orgPaths.flatMap(ancestorIds))];
  const configured = await repo.webhooksOf(tx, allIds);
  if (!configured.length) return [];
  const byId = new Map(configured.map((w) => [w.org_id, w]));
  const chosen = new Map<number, (typeof configured)[number]>();
  for (const path of orgPaths) {
    const nearest = ancestorIds(path)
      .reverse()
      .find((id) => byId.has(id));
    if (nearest !== undefined) chosen.set(nearest, byId.get(nearest)!);
  }
  return [...chosen.values()];
}

/**
 * The dispatcher job: pending events in order, under the 'dispatch' lease. An event that fails is
 * left pending and passed over until the next pass, so one bad event never holds up the rest.
 */
export async function dispatchPending(deps: Deps, owner: string, log?: JobLogger): Promise<number> {
  const { db, clock } = deps;
  if (!(await claimJob(db, clock, 'dispatch', owner))) return 0;
  let done = 0;
  let after = 0;
  let error: string | null = null;
  try {
    for (;;) {
      const events = await repo.pendingEvents(db, after, BATCH);
      if (!events.length) break;
      for (const ev of events) {
        after = ev.id;
        try {
          if (await (db as Db).transaction().execute((tx) => dispatchEvent(deps, tx, ev))) done++;
        } catch (err) {
          error = `event ${ev.id}: ${(err as Error).message}`;
          log?.error({ err, eventId: ev.id }, 'event dispatch failed');
        }
      }
    }
  } finally {
    await releaseJob(db, clock, 'dispatch', owner, { error });
  }
  return done;
}
