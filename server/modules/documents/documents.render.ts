/** The four documents' text, laid out with documents.layout.ts from data the service gathered. */
import { CATEGORIES, type Category, type ItemStatus, yuanToWan } from '../../../domain/items.js';
import type { Attendee } from '../../../domain/meetings.js';
import type { SnapshotItem } from '../../../domain/negotiation.js';
import { CATEGORY_LABEL, ITEM_STATUS_LABEL, LIGHT_LABEL, REPORT_SLOT_STATE_LABEL, chineseNumber, formatDateCn, formatWan, sectionHeading } from '../../../domain/labels.js';
import type { Light } from '../../../domain/supervision.js';
import { dueDateOf, periodLabel, type Period } from '../../../domain/periods.js';
import type { ReportSlotState } from '../../../domain/periods.js';
import { htmlToBlocks, htmlToText } from './documents.html.js';
import { addressee, blank, heading, para, recordFooter, redHeader, signature, table, title, type Block, type Column } from './documents.layout.js';
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

const list = (names: string[]) => names.filter(Boolean).join('、');
const deadlineText = (deadline: string | null, ongoing: boolean | number) => (ongoing ? '长期推进' : deadline ? formatDateCn(deadline) : '未定');
/** Chinese quotation marks; quotes inside the quoted text become single ones, as the rules of punctuation ask. */
const quoted = (text: string) => `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`;
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/* ------------------------------------------------------------------ 督办单 */

export interface NoticeData {
  hostName: string;
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
  signer: string | null;
  /** 成文日期: the signing day, or the drafting day while unsigned. */
  date: string;
}

export function noticeBlocks(d: NoticeData): Block[] {
  const signed = d.number !== null;
  const out: Block[] = [
    ...redHeader(`${d.hostName}督办单`, d.number ?? '（未签发，暂无文号）'),
    ...title(`关于督促推进${quoted(d.itemTitle)}的督办单`),
    addressee(d.leadUnit ?? '牵头单位'),
    para(`你单位牵头落实的局县科技会商事项${quoted(d.itemTitle)}需加快推进，现予以督办。`),
    heading('一、督办事项'),
    para(
      `事项名称：${d.itemTitle}；事项类别：${CATEGORY_LABEL[d.category]}；完成时限：${deadlineText(d.deadline, d.ongoing)}；` +
        `当前状态：${ITEM_STATUS_LABEL[d.itemStatus]}，进度${d.progress}%。`,
    ),
    heading('二、督办原因'),
    ...lines(d.reason).map((l) => para(l)),
    heading('三、督办要求'),
    ...lines(d.requirements).map((l) => para(l)),
    heading('四、反馈时限'),
    para(`请于${formatDateCn(d.responseDue)}前将落实情况书面反馈${d.hostName}。`),
    ...signature(d.hostName, formatDateCn(d.date)),
  ];
  if (!signed) out.push(blank(), para('（本督办单尚未签发，仅供审核。）', { indent: false, align: 'center' }));
  out.push(...recordFooter(d.signer ? `签发人：${d.signer}` : '签发人：（待签发）', `${formatDateCn(d.date)}印发`));
  return out;
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

function listSections(items: SnapshotItem[]): Block[] {
  const out: Block[] = [];
  const columns: Column[] = [
    { header: '序号', width: 5 },
    { header: '事项名称', width: 20, align: 'left' },
    { header: '主要内容及目标', width: 30, align: 'left' },
    { header: '牵头单位', width: 14 },
    { header: '配合单位', width: 14 },
    { header: '完成时限', width: 12 },
  ];
  let section = 0;
  for (const category of CATEGORIES) {
    const of = items.filter((i) => i.category === category).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    if (!of.length) continue;
    out.push(heading(sectionHeading(section++, category, of.length)));
    out.push(
      table(
        columns,
        of.map((i, n) => [
          String(n + 1),
          i.title,
          [i.content, i.fundingWan !== null ? `支持资金${formatWan(i.fundingWan)}` : ''].filter(Boolean).join('；'),
          i.leadUnit ?? '',
          list(i.coUnits),
          deadlineText(i.deadline, i.ongoing),
        ]),
      ),
    );
  }
  return out;
}

export function minutesBlocks(d: MinutesData): Block[] {
  const listName = d.list.adopted ? '议定事项清单' : '会商事项清单（协商稿）';
  const counts = CATEGORIES.map((c) => `${CATEGORY_LABEL[c]}事项${d.list.items.filter((i) => i.category === c).length}项`);
  const attendees = d.attendees.map((a) => `${a.name}（${a.orgName}${a.title}）`);
  const out: Block[] = [
    ...redHeader(`${d.hostName}会议纪要`, null),
    ...title(`${d.consultationTitle}会商会议纪要`),
    para(`${formatDateCn(d.heldOn)}，${d.hostName}与${list(d.partnerNames)}在${d.venue}召开${d.consultationTitle}会商会议。现将会议主要内容纪要如下。`),
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
    blank(),
    para([{ text: '出席：', bold: true }, list(attendees)], { indent: false }),
    blank(),
    para(`附件：${listName}`),
    ...title(listName),
    ...listSections(d.list.items),
  );
  return out;
}

/* ------------------------------------------------------------------ 进展通报 */

export interface ConsultationHeader {
  hostName: string;
  partnerNames: string[];
  title: string;
  theme: string;
  adoptedOn: string | null;
}

const completionColumns: Column[] = [
  { header: '', width: 22 },
  { header: '事项数', width: 9 },
  { header: '已完成', width: 9 },
  { header: '推进中', width: 9 },
  { header: '未启动', width: 9 },
  { header: '滞后', width: 9 },
  { header: '已取消', width: 9 },
  { header: '完成率', width: 11 },
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

function completionTables(items: DocItem[]): { byCategory: Block; byUnit: Block } {
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

function punctualityTable(items: DocItem[], periods: Period[], reports: DocReport[], ctx: SlotContext): { block: Block | null; total: Punctuality; missingUnits: string[] } {
  const { rows, total } = punctualityByUnit(items, periods, reports, ctx);
  if (!rows.length) return { block: null, total, missingUnits: [] };
  return {
    block: table(punctualityColumns, [...rows.map((r) => punctualityRow(r.unit, r.value)), punctualityRow('合计', total)]),
    total,
    missingUnits: rows.filter((r) => r.value.missing > 0).map((r) => r.unit),
  };
}

function redItemParagraphs(items: DocItem[]): Block[] {
  const red = items.filter((i) => i.light === 'red');
  if (!red.length) return [para('目前无亮红灯事项。')];
  return [
    para(`目前亮红灯事项${red.length}项，具体如下：`),
    ...red.map((i, n) => {
      const reasons = lightReasons(i.light_reasons_json);
      return para(`${n + 1}．${i.title}（牵头单位：${i.lead_unit_name ?? '未定'}）。亮灯原因：${reasons.length ? reasons.join('；') : '未记录'}。`);
    }),
  ];
}

function summaryLine(items: DocItem[]): string {
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
  items: DocItem[];
  reports: DocReport[];
  slot: SlotContext;
}

export function bulletinBlocks(d: BulletinData): Block[] {
  const label = periodLabel(d.period.code);
  const due = dueDateOf(d.period, d.dueDays);
  const { byCategory, byUnit } = completionTables(d.items);
  const punctuality = punctualityTable(d.items, [d.period], d.reports, d.slot);
  const reportOf = new Map(d.reports.filter((r) => r.period === d.period.code).map((r) => [r.item_id, r]));
  const out: Block[] = [
    ...title(`${d.title}${label}推进情况通报`),
    addressee(list([...d.partnerNames, '各牵头单位'])),
    para(`截至${formatDateCn(d.today)}，${d.title}${summaryLine(d.items)}。现将${label}推进情况通报如下。`),
    heading('一、分类别完成情况'),
    byCategory,
    heading('二、各牵头单位完成情况'),
    byUnit,
    heading('三、红灯事项'),
    ...redItemParagraphs(d.items),
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
      d.items
        .filter((i) => i.light === 'red')
        .map((i) => i.lead_unit_name ?? '')
        .filter(Boolean),
    ),
  ];
  if (redUnits.length) out.push(para(`请${list(redUnits)}针对红灯事项分析原因、制定措施，加快推进。`));
  out.push(para(`请各牵头单位按期报送下一周期进展情况，确保会商事项按时保质完成。`));
  out.push(...signature(d.hostName, formatDateCn(d.today)));

  out.push(blank(), para('附件：事项推进情况一览表'), ...title('事项推进情况一览表'));
  const columns: Column[] = [
    { header: '序号', width: 5 },
    { header: '事项名称', width: 24, align: 'left' },
    { header: '牵头单位', width: 14 },
    { header: '完成时限', width: 11 },
    { header: '状态', width: 8 },
    { header: '本期进展', width: 26, align: 'left' },
    { header: '预警', width: 7 },
  ];
  CATEGORIES.forEach((category, index) => {
    const of = d.items.filter((i) => i.category === category);
    if (!of.length) return;
    out.push(heading(sectionHeading(index, category, of.length)));
    out.push(
      table(
        columns,
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
      ),
    );
  });
  return out;
}

function reportCell(r: DocReport | undefined, state: ReportSlotState | null): string {
  const stateText = state ? REPORT_SLOT_STATE_LABEL[state] : '本期不需报送';
  if (!r) return stateText;
  const text = htmlToText(r.progress_html);
  const short = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return `${short ? `${short}\n` : ''}进度${r.percent}%（${stateText}）`;
}

/* ------------------------------------------------------------------ 年度总结 */

export interface SummaryData extends ConsultationHeader {
  year: number;
  today: string;
  items: DocItem[];
  periods: Period[];
  reports: DocReport[];
  slot: SlotContext;
  meetings: { heldOn: string; venue: string }[];
  notices: { number: string | null; itemTitle: string; signedOn: string }[];
}

export function summaryBlocks(d: SummaryData): Block[] {
  const { byCategory, byUnit } = completionTables(d.items);
  const punctuality = punctualityTable(d.items, d.periods, d.reports, d.slot);
  const completedInYear = d.items.filter((i) => i.status === 'completed' && i.closed_on?.startsWith(String(d.year)));
  const open = d.items.filter((i) => i.status !== 'completed' && i.status !== 'cancelled');
  const lights = (['green', 'yellow', 'red'] as const).map((l) => `${LIGHT_LABEL[l]}${d.items.filter((i) => i.light === l).length}项`);
  const funding = d.items.reduce((s, i) => s + (i.funding_yuan === null ? 0 : Number(i.funding_yuan)), 0);

  const out: Block[] = [
    ...title(`${d.title}${d.year}年度工作总结`),
    para(
      `${d.year}年，${d.hostName}与${list(d.partnerNames)}围绕${quoted(d.theme || d.title)}开展局县科技会商` +
        (d.adoptedOn ? `，会商事项清单于${formatDateCn(d.adoptedOn)}议定` : '，会商事项清单尚在协商') +
        `。现将本年度工作总结如下。`,
    ),
    heading('一、基本情况'),
    para(
      `会商清单${summaryLine(d.items)}。其中${CATEGORIES.map((c) => `${CATEGORY_LABEL[c]}事项${d.items.filter((i) => i.category === c).length}项`).join('，')}` +
        (funding > 0 ? `，涉及支持资金${formatWan(yuanToWan(funding))}` : '') +
        '。',
    ),
    byCategory,
    heading('二、各牵头单位完成情况'),
    byUnit,
    heading('三、本年度办结事项'),
  ];
  if (completedInYear.length) {
    out.push(
      para(`本年度办结事项${completedInYear.length}项：`),
      ...completedInYear.map((i, n) => para(`${n + 1}．${i.title}（牵头单位：${i.lead_unit_name ?? '未定'}，${formatDateCn(i.closed_on)}办结）。`)),
    );
  } else {
    out.push(para('本年度无办结事项。'));
  }
  out.push(heading('四、进展报送情况'));
  if (punctuality.block) {
    out.push(
      para(
        `本年度共${d.periods.length}个填报周期（${d.periods.map((p) => periodLabel(p.code)).join('、')}），应报进展报告${punctuality.total.owed}份，` +
          `按时报送${punctuality.total.onTime}份，逾期报送${punctuality.total.late}份，逾期未报${punctuality.total.missing}份，按时报送率${punctualityRate(punctuality.total)}。`,
      ),
      punctuality.block,
    );
  } else {
    out.push(para('本年度无应报送进展报告的事项。'));
  }
  out.push(heading('五、预警与督办'), para(`目前${lights.join('、')}。`), ...redItemParagraphs(d.items));
  if (d.notices.length) {
    out.push(
      para(`本年度签发督办单${d.notices.length}份：`),
      ...d.notices.map((x, n) => para(`${n + 1}．${x.number ?? ''}，督办${quoted(x.itemTitle)}（${formatDateCn(x.signedOn)}签发）。`)),
    );
  } else {
    out.push(para('本年度未签发督办单。'));
  }
  out.push(heading('六、会商会议'));
  if (d.meetings.length) {
    out.push(para(`本年度召开会商会议${d.meetings.length}次：`), ...d.meetings.map((m, n) => para(`${n + 1}．${formatDateCn(m.heldOn)}，${m.venue}。`)));
  } else {
    out.push(para('本年度未召开会商会议。'));
  }
  out.push(heading('七、下一步工作'));
  if (open.length) {
    const delayed = open.filter((i) => i.status === 'delayed');
    out.push(
      para(
        `尚有${open.length}项事项未完成` +
          (delayed.length ? `，其中滞后${delayed.length}项（${delayed.map((i) => quoted(i.title)).join('、')}）` : '') +
          '。请各牵头单位对照完成时限，倒排工期，确保按期完成。',
      ),
    );
  } else {
    out.push(para('会商事项已全部办结，请各单位做好成果总结和后续跟踪。'));
  }
  out.push(...signature(d.hostName, formatDateCn(d.today)));
  return out;
}
