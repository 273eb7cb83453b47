import { DOCUMENT_KIND_LABEL, type ConsultationFile, type FileSource } from '../../../domain/documents.js';
import type { Category, ItemStatus } from '../../../domain/items.js';
import type { Attendee } from '../../../domain/meetings.js';
import { noticeNumber } from '../../../domain/notices.js';
import { nextPeriod, parsePeriod, periodContaining, periodLabel, type Period, type ReportCycle } from '../../../domain/periods.js';
import { REPORT_CYCLE_LABEL } from '../../../domain/labels.js';
import type { Actor } from '../../platform/actor.js';
import { presentAttachment } from '../../platform/attachments.js';
import { cstDate } from '../../platform/clock.js';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/cursor.js';
import type { Deps } from '../../platform/deps.js';
import type { Db } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { openNullable } from '../../platform/field-crypto.js';
import { sideOf, type Party } from '../consultations/consultations.policy.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { visibleItem } from '../items/items.service.js';
import { assertMeetingReadable, getMeetingRow } from '../meetings/meetings.service.js';
import { currentList } from '../negotiation/negotiation.service.js';
import { defaultLightThresholds } from '../../platform/parameters.js';
import { parseSupervisionJson } from '../../../domain/supervision.js';
import { endOfCstDay, itemsAtEndOf } from './documents.asof.js';
import type { DocumentSection } from './documents.layout.js';
import type { ConsultationHeader } from './documents.render.js';
import { onFirstUse } from '../../platform/on-first-use.js';
import * as repo from './documents.repo.js';

export interface GeneratedDocument {
  filename: string;
  content: Buffer;
}

const writer = onFirstUse(() => import('./documents.writer.js'));

/** Characters Windows will not take in a file name. */
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\r\n\t]/g, '').slice(0, 120);

async function finish(sections: DocumentSection[], title: string, creator: string, filename: string): Promise<GeneratedDocument> {
  return { filename: `${safeName(filename)}.docx`, content: await (await writer()).renderDocx({ title, creator, sections }) };
}

function header(parties: Party[], facts: repo.ConsultationFacts): ConsultationHeader {
  return {
    hostName: parties.find((p) => p.side === 'host')?.orgName ?? '',
    partnerNames: parties.filter((p) => p.side === 'partner').map((p) => p.orgName),
    title: facts.title,
    theme: facts.theme,
    adoptedOn: facts.adopted_on,
  };
}

/**
 * A notice is readable wherever its item is; before it is signed it is the bureau's internal
 * draft, so only the host side sees it (everyone else gets the same 404 as for a missing one).
 */
export async function noticeDocument(deps: Deps, actor: Actor, id: number): Promise<GeneratedDocument> {
  const row = await repo.noticeRow(deps.db, id);
  if (!row) throw notFound('督办单');
  const { parties } = await visibleItem(deps.db, actor, row.item_id).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? notFound('督办单') : err;
  });
  if (row.signed_at === null && sideOf(actor, parties) !== 'host') throw notFound('督办单');
  const number = noticeNumber(row.host_name, row.year, row.seq);
  const partners = parties.filter((p) => p.side === 'partner').map((p) => p.orgName);
  const coUnits = await repo.coUnitNames(deps.db, row.item_id);
  const blocks = (await writer()).noticeBlocks({
    hostName: row.host_name,
    consultationTitle: row.consultation_title,
    number,
    itemTitle: row.item_title,
    category: row.item_category as Category,
    leadUnit: row.lead_unit_name,
    deadline: row.item_deadline,
    ongoing: row.item_ongoing === 1,
    itemStatus: row.item_status as ItemStatus,
    progress: row.item_progress,
    reason: row.reason,
    requirements: row.requirements,
    responseDue: row.response_due,
    copyTo: [...new Set([...partners, ...coUnits])].filter((n) => n !== row.lead_unit_name && n !== row.host_name),
    contact: { name: row.drafter_name, org: row.drafter_org, phone: openNullable(row.drafter_phone) },
    date: cstDate(new Date(row.signed_at ?? row.created_at)),
  });
  return finish(blocks, `${DOCUMENT_KIND_LABEL.notice}：${row.item_title}`, row.host_name, `${DOCUMENT_KIND_LABEL.notice}-${number ?? '未签发'}-${row.item_title}`);
}

export async function minutesDocument(deps: Deps, actor: Actor, meetingId: number): Promise<GeneratedDocument> {
  await assertMeetingReadable(deps.db, actor, meetingId);
  const m = (await getMeetingRow(deps.db, meetingId))!;
  const { parties } = await loadVisible(deps.db, actor, m.consultation_id);
  const facts = await repo.consultationFacts(deps.db, m.consultation_id);
  const h = header(parties, facts);
  const adopted = await repo.agreedSnapshot(deps.db, facts.agreed_version_id);
  const items = adopted ? adopted.items : (await currentList(deps.db, m.consultation_id)).map((x) => x.item);
  const { minutesBlocks, meetingName } = await writer();
  const blocks = minutesBlocks({
    hostName: h.hostName,
    partnerNames: h.partnerNames,
    consultationTitle: facts.title,
    heldOn: m.held_on,
    venue: m.venue,
    attendees: JSON.parse(m.attendees_json) as Attendee[],
    agenda: m.agenda,
    minutesHtml: m.minutes_html,
    list: { adopted: adopted !== null, items },
  });
  return finish(blocks, `${meetingName(facts.title)}纪要`, h.hostName, `${DOCUMENT_KIND_LABEL.minutes}-${facts.title}-${m.held_on}`);
}

function badQuery(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field: `query.${field}`, message }]);
}

/** The items a span of time is about: those not closed before it began (see slotOf on creation dates). */
function itemsIn(items: repo.DocItem[], start: string): repo.DocItem[] {
  return items.filter((i) => !(i.closed_on && i.closed_on < start));
}

async function consultationData(db: Db, actor: Actor, consultationId: number) {
  const { parties } = await loadVisible(db, actor, consultationId);
  const facts = await repo.consultationFacts(db, consultationId);
  return { facts, h: header(parties, facts), cycle: facts.report_cycle as ReportCycle };
}

export async function bulletinDocument(deps: Deps, actor: Actor, consultationId: number, code: string): Promise<GeneratedDocument> {
  const { facts, h, cycle } = await consultationData(deps.db, actor, consultationId);
  const period = parsePeriod(code);
  if (!period) throw badQuery('period', '周期格式应为 2025Q3、2025H1 或 2025M07');
  if (period.cycle !== cycle) {
    throw badQuery('period', `本会商${REPORT_CYCLE_LABEL[cycle]}填报，请选择${periodLabel(periodContaining(cycle, period.start).code)}这样的周期`);
  }
  const today = deps.clock.today();
  if (period.start > today) throw badQuery('period', `${periodLabel(period.code)}尚未开始，不能通报`);
  if (Number(period.start.slice(0, 4)) < facts.year) throw badQuery('period', `本会商始于${facts.year}年，不能通报${periodLabel(period.code)}`);
  const items = itemsIn(await repo.itemsOf(deps.db, consultationId), period.start);
  const reports = await repo.reportsOf(deps.db, consultationId, [period.code]);
  // A period still running is reported as it stands today.
  const asOf = period.end < today ? period.end : today;
  const end = endOfCstDay(asOf);
  const atEnd = itemsAtEndOf({
    items,
    changesAfter: await repo.itemChangesAfter(deps.db, consultationId, end),
    milestones: await repo.milestonesOf(deps.db, consultationId),
    reports: await repo.reportsSubmittedBefore(deps.db, consultationId, end),
    consultation: facts,
    thresholds: parseSupervisionJson(facts.supervision_json, await defaultLightThresholds(deps.db)).thresholds,
    day: asOf,
  });
  const blocks = (await writer()).bulletinBlocks({
    ...h,
    period,
    dueDays: facts.report_due_days,
    today,
    asOf,
    items,
    atEnd,
    reports,
    slot: { status: facts.status, cycle, dueDays: facts.report_due_days, adoptedOn: facts.adopted_on, today },
  });
  const label = periodLabel(period.code);
  return finish(blocks, `${facts.title}${label}推进情况通报`, h.hostName, `${DOCUMENT_KIND_LABEL.bulletin}-${facts.title}-${label}`);
}

/** The periods of a cycle that begin in a calendar year. */
function periodsOfYear(cycle: ReportCycle, year: number): Period[] {
  const out: Period[] = [];
  for (let p = periodContaining(cycle, `${year}-01-01`); p.start.startsWith(String(year)); p = nextPeriod(p)) out.push(p);
  return out;
}

export async function summaryDocument(deps: Deps, actor: Actor, consultationId: number, year: number): Promise<GeneratedDocument> {
  const { facts, h, cycle } = await consultationData(deps.db, actor, consultationId);
  const today = deps.clock.today();
  const thisYear = Number(today.slice(0, 4));
  if (year < facts.year) throw badQuery('year', `本会商始于${facts.year}年，不能总结${year}年`);
  if (year > thisYear) throw badQuery('year', `${year}年尚未开始，不能总结`);
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const periods = periodsOfYear(cycle, year);
  const items = itemsIn(await repo.itemsOf(deps.db, consultationId), start);
  const reports = await repo.reportsOf(
    deps.db,
    consultationId,
    periods.map((p) => p.code),
  );
  const meetings = await repo.meetingsInRange(deps.db, consultationId, start, end);
  // A year in China Standard Time runs from 16:00 UTC on the last day of the year before.
  const notices = await repo.signedNotices(deps.db, consultationId, `${year - 1}-12-31T16:00:00.000Z`, `${year}-12-31T16:00:00.000Z`);
  const blocks = (await writer()).summaryBlocks({
    ...h,
    year,
    today,
    items,
    changesAfter: await repo.itemChangesAfter(deps.db, consultationId, endOfCstDay(end)),
    periods,
    reports,
    slot: { status: facts.status, cycle, dueDays: facts.report_due_days, adoptedOn: facts.adopted_on, today },
    meetings: meetings.map((m) => ({ heldOn: m.held_on, venue: m.venue })),
    notices: notices.map((n) => ({
      number: noticeNumber(h.hostName, n.year, n.seq),
      itemTitle: n.item_title,
      signedOn: cstDate(new Date(n.signed_at!)),
    })),
  });
  return finish(blocks, `${facts.title}${year}年度工作总结`, h.hostName, `${DOCUMENT_KIND_LABEL.summary}-${facts.title}-${year}年`);
}

function presentFile(r: repo.FileRow): ConsultationFile {
  const itemId = r.comment_item_id ?? r.report_item_id ?? r.completion_item_id;
  const itemTitle = r.comment_item_title ?? r.report_item_title ?? r.completion_item_title;
  return {
    ...presentAttachment(r),
    // The query selects these five owner types only.
    source: r.owner_type as FileSource,
    item: itemId !== null && itemTitle !== null ? { id: itemId, title: itemTitle } : null,
    need: r.need_id !== null && r.need_title !== null ? { id: r.need_id, title: r.need_title } : null,
    meeting: r.meeting_id !== null && r.meeting_held_on !== null ? { id: r.meeting_id, heldOn: r.meeting_held_on, venue: r.meeting_venue ?? '' } : null,
    period: r.report_period,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.created_at,
  };
}

/**
 * Every file uploaded to the consultation, newest first. Whoever may read the consultation may read
 * each of these (attachments.access.ts asks the same of every owner type), so one check covers all.
 */
export async function consultationFiles(deps: Deps, actor: Actor, consultationId: number, q: { limit: number; cursor?: string }) {
  await loadVisible(deps.db, actor, consultationId);
  const beforeId = q.cursor ? decodeCursor<[number]>(q.cursor, ['number'])[0] : undefined;
  const rows = await repo.filesOf(deps.db, consultationId, { beforeId, limit: q.limit + 1 });
  const { page, nextCursor } = pageOf(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: page.map(presentFile), nextCursor };
}
