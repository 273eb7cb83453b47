/** The four documents' text, laid out with documents.layout.ts from data the service gathered. */
import { CATEGORIES, type Category, type ItemStatus } from '../../../domain/items.js';
import type { Attendee } from '../../../domain/meetings.js';
import type { SnapshotItem } from '../../../domain/negotiation.js';
import { CATEGORY_LABEL, ITEM_STATUS_LABEL, LIGHT_LABEL, REPORT_SLOT_STATE_LABEL, chineseNumber, formatDateCn, formatWan, sectionHeading } from '../../../domain/labels.js';
import type { Light } from '../../../domain/supervision.js';
import { dueDateOf, periodLabel, type Period } from '../../../domain/periods.js';
import type { ReportSlotState } from '../../../domain/periods.js';
import { htmlToBlocks, htmlToText } from './documents.html.js';
import {
  LANDSCAPE_TEXT_WIDTH,
  addressee,
  attachmentNote,
  blank,
  attachmentStart,
  attendance,
  heading,
  para,
  signature,
  title,
  type Block,
  type DocumentSection,
} from './documents.layout.js';
import { redHeader } from './documents.header.js';
import { recordFooter } from './documents.record.js';
import { table, type Column } from './documents.tables.js';
import type { DocItem, DocReport } from './documents.repo.js';
import {
  completionByCategory,
  completionByUnit,
  completionRate,
  completionTotal,
  lightReasons,
  punctualityByUnit,
  punctualityRate,
  slotOf,
  type Completion,
  type Punctuality,
  type SlotContext,
} from './documents.stats.js';

export const list = (names: string[]) => names.filter(Boolean).join('、');
const deadlineText = (deadline: string | null, ongoing: boolean | number) => (ongoing ? '长期推进' : deadline ? formatDateCn(deadline) : '未定');
/** Chinese quotation marks; quotes inside the quoted text become single ones, as the rules of punctuation ask. */
export const quoted = (text: string) => `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`;
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
/** Dates written 2026-06-30 in stored text (light reasons, milestones) as a document writes them: 2026年6月30日. */
export const cnDates = (text: string) => text.replace(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, (_m, y: string, m: string, d: string) => `${Number(y)}年${Number(m)}月${Number(d)}日`);
/** A consultation's title as the phrases a title line may break between: its organ names, then the rest. */
export const phrases = (text: string) => text.split(/(?<=\s)/).filter((p) => p.trim());
/** "… 局县科技会商" names a consultation already; the meeting is its 会商会议, not a 会商会商会议. */
export const meetingName = (consultationTitle: string) => `${consultationTitle.replace(/\s*会商$/, '')}会商会议`;

/** The 版记 on a portrait page of its own after a landscape attachment (版记页). */
const recordPage = (r: Parameters<typeof recordFooter>[0]): Block[] => [blank(), ...recordFooter(r)];

/* ------------------------------------------------------------------ 督办单 */

export interface NoticeData {
  hostName: string;
  consultationTitle: string;
  number: string | null;
  itemTitle: string;
  category: Category;
  leadUnit: string | null;
  deadline: string | null;
  ongoing: boolean;
  itemStatus: ItemStatus;
  progress: number;
  reason: string;
  requirements: string;
  responseDue: string;
  /** 抄送: the county government(s) of the consultation, then the item's cooperating units. */
  copyTo: string[];
  contact: { name: string; org: string; phone: string | null };
  /** 成文日期: the signing day, or the drafting day while unsigned. */
  date: string;
}

/** A 督办单 is sent down to the lead unit (下行文): no 签发人 in its 版头 (GB/T 9704 7.2.6 is for 上行文). */
export function noticeBlocks(d: NoticeData): DocumentSection[] {
  const signed = d.number !== null;
  const out: Block[] = [
    ...redHeader({ mark: `${d.hostName}督办单`, number: d.number ?? '（未签发，暂无文号）' }),
    ...title(['关于督促推进', quoted(d.itemTitle), '的督办单']),
    addressee(d.leadUnit ?? '牵头单位'),
    para(`根据${d.consultationTitle}议定事项清单，你单位牵头落实的事项${quoted(d.itemTitle)}需加快推进，现予以督办。`),
    heading('一、督办事项'),
    para(
      `所属会商：${d.consultationTitle}；事项名称：${d.itemTitle}；事项类别：${CATEGORY_LABEL[d.category]}；完成时限：${deadlineText(d.deadline, d.ongoing)}；` +
        `当前状态：${ITEM_STATUS_LABEL[d.itemStatus]}，进度${d.progress}%。`,
    ),
    heading('二、督办原因'),
    ...lines(d.reason).map((l) => para(cnDates(l))),
    heading('三、督办要求'),
    ...lines(d.requirements).map((l) => para(cnDates(l))),
    heading('四、反馈时限'),
    para(`请于${formatDateCn(d.responseDue)}前将落实情况书面反馈${d.hostName}。`),
    ...signature(d.hostName, formatDateCn(d.date)),
    // 附注 (7.3.6): in brackets, two characters in, on the line under the date.
    para(`（联系人：${d.contact.name}，${d.contact.org}${d.contact.phone ? `；联系电话：${d.contact.phone}` : ''}）`),
  ];
  if (!signed) out.push(para('（本督办单尚未签发，仅供审核。）', { indent: false, align: 'center' }));
  out.push(...recordFooter({ copyTo: d.copyTo, issuer: d.hostName, date: formatDateCn(d.date) }));
  return [{ children: out }];
}

/* ------------------------------------------------------------------ 会议纪要 */

export interface MinutesData {
  hostName: string;
  partnerNames: string[];
  consultationTitle: string;
  heldOn: string;
  venue: string;
  attendees: Attendee[];
  agenda: string;
  minutesHtml: string;
  /** The adopted list, or the list as it stands when nothing is adopted yet. */
  list: { adopted: boolean; items: SnapshotItem[] };
}

const listColumns: Column[] = [
  { header: '序号', width: 0, nowrap: true },
  { header: '事项名称', width: 22, align: 'left' },
  { header: '主要内容及目标', width: 38, align: 'left' },
  { header: '牵头单位', width: 15 },
  { header: '配合单位', width: 17 },
  { header: '完成时限', width: 0, nowrap: true },
];

function listSections(items: SnapshotItem[]): Block[] {
  const out: Block[] = [];
  let section = 0;
  for (const category of CATEGORIES) {
    const of = items.filter((i) => i.category === category).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    if (!of.length) continue;
    out.push(heading(sectionHeading(section++, category, of.length)));
    out.push(
      table(
        listColumns,
        of.map((i, n) => [
          String(n + 1),
          i.title,
          [i.content, i.fundingWan !== null ? `支持资金${formatWan(i.fundingWan)}` : ''].filter(Boolean).join('；'),
          i.leadUnit ?? '',
          list(i.coUnits),
          deadlineText(i.deadline, i.ongoing),
        ]),
        LANDSCAPE_TEXT_WIDTH,
      ),
    );
  }
  return out;
}

export function minutesBlocks(d: MinutesData): DocumentSection[] {
  const listName = d.list.adopted ? '议定事项清单' : '会商事项清单（协商稿）';
  const counts = CATEGORIES.map((c) => `${CATEGORY_LABEL[c]}事项${d.list.items.filter((i) => i.category === c).length}项`);
  const attendees = d.attendees.map((a) => `${a.orgName}${a.title}${a.name}`);
  const meeting = meetingName(d.consultationTitle);
  const out: Block[] = [
    ...redHeader({ mark: `${d.hostName}会议纪要`, issuer: { organ: d.hostName, date: formatDateCn(d.heldOn) } }),
    ...title([...phrases(meeting), '纪要']),
    para(`${formatDateCn(d.heldOn)}，${d.hostName}与${list(d.partnerNames)}在${d.venue}召开${meeting}。现将会议主要内容纪要如下。`),
  ];
  let n = 0;
  const next = () => `${chineseNumber(++n)}、`;
  const agenda = lines(d.agenda);
  if (agenda.length) out.push(heading(`${next()}会议议程`), ...agenda.map((l) => para(l)));
  const minutes = htmlToBlocks(d.minutesHtml);
  if (minutes.length) out.push(heading(`${next()}会议内容`), ...minutes);
  out.push(
    heading(`${next()}${d.list.adopted ? '议定事项' : '会商事项'}`),
    para(`会议${d.list.adopted ? '议定' : '研究'}局县科技会商事项共${d.list.items.length}项，其中${counts.join('，')}。具体事项见附件。`),
    ...attachmentNote([listName]),
  );
  // 10.3: 出席 one blank line under the 附件说明.
  if (attendees.length) out.push(para(''), attendance('出席', list(attendees)));
  return [
    { children: out },
    { landscape: true, children: [...attachmentStart(listName, { newPage: false, width: LANDSCAPE_TEXT_WIDTH }), ...listSections(d.list.items)] },
    { children: recordPage({ issuer: d.hostName, date: formatDateCn(d.heldOn) }) },
  ];
}

/* ------------------------------------------------------------------ 进展通报 */

export interface ConsultationHeader {
  hostName: string;
  partnerNames: string[];
  title: string;
  theme: string;
  adoptedOn: string | null;
}

// The figures' columns just hold their three-character headers, so the name column takes a lead
// unit's whole name (中共旺苍县委组织部) on one line.
const completionColumns: Column[] = [
  { header: '', width: 27 },
  { header: '事项数', width: 8.5 },
  { header: '已完成', width: 8.5 },
  { header: '推进中', width: 8.5 },
  { header: '未启动', width: 8.5 },
  { header: '滞后', width: 8.5 },
  { header: '已取消', width: 8.5 },
  { header: '完成率', width: 10 },
];
const completionRow = (label: string, c: Completion) => [
  label,
  String(c.total),
  String(c.completed),
  String(c.inProgress),
  String(c.notStarted),
  String(c.delayed),
  String(c.cancelled),
  completionRate(c),
];

export function completionTables(items: DocItem[]): { byCategory: Block; byUnit: Block } {
  const total = completionTotal(items);
  return {
    byCategory: table(
      [{ ...completionColumns[0], header: '类别' }, ...completionColumns.slice(1)],
      [...completionByCategory(items).map(({ category, c }) => completionRow(CATEGORY_LABEL[category], c)), completionRow('合计', total)],
    ),
    byUnit: table(
      [{ ...completionColumns[0], header: '牵头单位', align: 'left' }, ...completionColumns.slice(1)],
      [...completionByUnit(items).map(({ unit, value }) => completionRow(unit, value)), completionRow('合计', total)],
    ),
  };
}

const punctualityColumns: Column[] = [
  { header: '牵头单位', width: 26, align: 'left' },
  { header: '应报', width: 9 },
  { header: '按时报送', width: 11 },
  { header: '逾期报送', width: 11 },
  { header: '逾期未报', width: 11 },
  { header: '未到截止日', width: 12 },
  { header: '按时报送率', width: 13 },
];
const punctualityRow = (label: string, p: Punctuality) => [label, String(p.owed), String(p.onTime), String(p.late), String(p.missing), String(p.pending), punctualityRate(p)];

export function punctualityTable(items: DocItem[], periods: Period[], reports: DocReport[], ctx: SlotContext): { block: Block | null; total: Punctuality; missingUnits: string[] } {
  const { rows, total } = punctualityByUnit(items, periods, reports, ctx);
  if (!rows.length) return { block: null, total, missingUnits: [] };
  return {
    block: table(punctualityColumns, [...rows.map((r) => punctualityRow(r.unit, r.value)), punctualityRow('合计', total)]),
    total,
    missingUnits: rows.filter((r) => r.value.missing > 0).map((r) => r.unit),
  };
}

export const reasonsOf = (i: DocItem) => lightReasons(i.light_reasons_json).map(cnDates);

/**
 * The red items with their reasons. Items red for the very same reasons (a period nobody reported
 * on) share one paragraph, so the reason is written once rather than once an item.
 */
function redItemParagraphs(items: DocItem[], asOf: string): Block[] {
  const red = items.filter((i) => i.light === 'red');
  if (!red.length) return [para(`截至${formatDateCn(asOf)}，无亮红灯事项。`)];
  const groups = new Map<string, DocItem[]>();
  for (const i of red) {
    const reasons = reasonsOf(i);
    const key = reasons.length ? reasons.join('；') : '未记录';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const unit = (i: DocItem) => `（牵头单位：${i.lead_unit_name ?? '未定'}）`;
  return [
    para(`截至${formatDateCn(asOf)}，亮红灯事项${red.length}项，具体如下：`),
    ...[...groups.entries()].map(([reasons, of], n) =>
      of.length === 1
        ? heading(`${n + 1}.${of[0].title}`, 3, `${unit(of[0])}。亮灯原因：${reasons}。`)
        : heading(`${n + 1}.亮灯原因相同的事项${of.length}项。`, 3, `亮灯原因：${reasons}。涉及事项：${of.map((i) => `${i.title}${unit(i)}`).join('；')}。`),
    ),
  ];
}

export function summaryLine(items: DocItem[]): string {
  const c = completionTotal(items);
  return (
    `共有会商事项${c.total}项，已完成${c.completed}项，推进中${c.inProgress}项，未启动${c.notStarted}项，` +
    `滞后${c.delayed}项，已取消${c.cancelled}项，完成率${completionRate(c)}`
  );
}

export interface BulletinData extends ConsultationHeader {
  period: Period;
  dueDays: number;
  today: string;
  /** The day the figures are taken at: the period's end, or today while the period runs. */
  asOf: string;
  /** The items as they are today: whose reports for the period are due, and how they came in. */
  items: DocItem[];
  /** The same items as they stood at the period's end, with their lights of that day (documents.asof.ts). */
  atEnd: DocItem[];
  reports: DocReport[];
  slot: SlotContext;
}

const bulletinColumns: Column[] = [
  { header: '序号', width: 0, nowrap: true },
  { header: '事项名称', width: 30, align: 'left' },
  { header: '牵头单位', width: 17 },
  { header: '完成时限', width: 0, nowrap: true },
  { header: '状态', width: 0, nowrap: true },
  { header: '本期进展', width: 40, align: 'left' },
  { header: '预警', width: 0, nowrap: true },
];

export function bulletinBlocks(d: BulletinData): DocumentSection[] {
  const label = periodLabel(d.period.code);
  const due = dueDateOf(d.period, d.dueDays);
  // Counts, statuses and lights are the period's; the reports on it are judged as they came in since.
  const asOfEnd = d.atEnd;
  const { byCategory, byUnit } = completionTables(asOfEnd);
  const punctuality = punctualityTable(d.items, [d.period], d.reports, d.slot);
  const reportOf = new Map(d.reports.filter((r) => r.period === d.period.code).map((r) => [r.item_id, r]));
  const attachment = '事项推进情况一览表';
  const out: Block[] = [
    ...title([...phrases(d.title), label, '推进情况通报']),
    addressee(list([...d.partnerNames, '各牵头单位'])),
    para(`截至${formatDateCn(d.asOf)}，${d.title}${summaryLine(asOfEnd)}。现将${label}推进情况通报如下。`),
    heading('一、分类别完成情况'),
    byCategory,
    heading('二、各牵头单位完成情况'),
    byUnit,
    heading('三、红灯事项'),
    ...redItemParagraphs(asOfEnd, d.asOf),
    heading('四、进展报送情况'),
  ];
  if (punctuality.block) {
    out.push(
      para(
        `${label}进展报告的报送截止日期为${formatDateCn(due)}，应报${punctuality.total.owed}项，按时报送${punctuality.total.onTime}项，按时报送率${punctualityRate(punctuality.total)}。`,
      ),
      punctuality.block,
    );
  } else {
    out.push(para(`${label}无应报送进展报告的事项。`));
  }
  out.push(heading('五、下一步工作要求'));
  if (punctuality.missingUnits.length) out.push(para(`请${list(punctuality.missingUnits)}尽快补报${label}进展报告。`));
  const redUnits = [
    ...new Set(
      asOfEnd
        .filter((i) => i.light === 'red')
        .map((i) => i.lead_unit_name ?? '')
        .filter(Boolean),
    ),
  ];
  if (redUnits.length) out.push(para(`请${list(redUnits)}针对红灯事项分析原因、制定措施，加快推进。`));
  out.push(para(`请各牵头单位按期报送下一周期进展情况，确保会商事项按时保质完成。`));
  out.push(...attachmentNote([attachment]), ...signature(d.hostName, formatDateCn(d.today)));

  const sheet: Block[] = [...attachmentStart(attachment, { newPage: false, width: LANDSCAPE_TEXT_WIDTH })];
  CATEGORIES.forEach((category, index) => {
    const of = asOfEnd.filter((i) => i.category === category);
    if (!of.length) return;
    sheet.push(heading(sectionHeading(index, category, of.length)));
    sheet.push(
      table(
        // The report column is as of today, the light as of the period's end: the header says so.
        bulletinColumns.map((c) => (c.header === '预警' && d.asOf === d.period.end ? { ...c, header: '期末预警' } : c)),
        of.map((i, n) => {
          const r = reportOf.get(i.id);
          const state = slotOf(i, d.period, r, d.slot);
          return [
            String(n + 1),
            i.title,
            i.lead_unit_name ?? '',
            deadlineText(i.deadline, i.ongoing),
            ITEM_STATUS_LABEL[i.status as ItemStatus] ?? '',
            reportCell(r, state),
            LIGHT_LABEL[i.light as Light] ?? '',
          ];
        }),
        LANDSCAPE_TEXT_WIDTH,
      ),
    );
  });
  return [{ children: out }, { landscape: true, children: sheet }, { children: recordPage({ issuer: d.hostName, date: formatDateCn(d.today) }) }];
}

export function reportCell(r: DocReport | undefined, state: ReportSlotState | null): string {
  const stateText = state ? REPORT_SLOT_STATE_LABEL[state] : '本期不需报送';
  if (!r) return stateText;
  const text = htmlToText(r.progress_html);
  const short = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return `${short ? `${short}\n` : ''}进度${r.percent}%（${stateText}）`;
}
