import { CATEGORIES, yuanToWan } from '../../../domain/items.js';
import { CATEGORY_LABEL, LIGHT_LABEL, formatDateCn, formatWan } from '../../../domain/labels.js';
import { periodLabel, type Period } from '../../../domain/periods.js';

import { heading, para, signature, title, type Block, type DocumentSection } from './documents.layout.js';
import { recordFooter } from './documents.record.js';
import type { DocItem, DocReport } from './documents.repo.js';
import { completionTotal, punctualityRate, slotOf, type SlotContext } from './documents.stats.js';

import { rowsAtEndOf, type ItemChangeRow } from './documents.asof.js';
import { list, quoted, phrases, completionTables, punctualityTable, reasonsOf, summaryLine, type ConsultationHeader } from './documents.render.js';

// The annual summary (年度总结): counts that agree with each other, the periods that owed reports, and
// 主要成效 / 存在问题 / 下一步打算 drafted from the data.

/* ------------------------------------------------------------------ 年度总结 */

export interface SummaryData extends ConsultationHeader {
  year: number;
  today: string;
  items: DocItem[];
  /** The items' audited changes made after the year's end, newest first (none for the running year). */
  changesAfter: ItemChangeRow[];
  periods: Period[];
  reports: DocReport[];
  slot: SlotContext;
  meetings: { heldOn: string; venue: string }[];
  notices: { number: string | null; itemTitle: string; signedOn: string }[];
}

/** The periods of the year that owed any report: not those before the list was adopted or not yet ended. */
function periodsOwed(d: SummaryData): Period[] {
  return d.periods.filter((p) =>
    d.items.some((i) => {
      const s = slotOf(i, p, undefined, d.slot);
      return s !== null && s !== 'upcoming';
    }),
  );
}

export function summaryBlocks(d: SummaryData): DocumentSection[] {
  const yearEnd = `${d.year}-12-31`;
  const asOf = d.today < yearEnd ? d.today : yearEnd;
  // As the year left them: an item closed in a later year was still in hand.
  const items = rowsAtEndOf(d.items, d.changesAfter, yearEnd);
  const total = completionTotal(items);
  const { byCategory, byUnit } = completionTables(items);
  const owedPeriods = periodsOwed(d);
  const punctuality = punctualityTable(items, owedPeriods, d.reports, d.slot);
  // Items in the summary are those not closed before the year: every completed one was closed in it.
  const completed = items.filter((i) => i.status === 'completed');
  const open = items.filter((i) => i.status !== 'completed' && i.status !== 'cancelled');
  const delayed = open.filter((i) => i.status === 'delayed');
  const red = items.filter((i) => i.light === 'red');
  const pastDeadline = open.filter((i) => !i.ongoing && i.deadline && i.deadline < asOf);
  const lights = (['green', 'yellow', 'red'] as const).map((l) => `${LIGHT_LABEL[l]}${items.filter((i) => i.light === l).length}项`);
  const funding = items.reduce((s, i) => s + (i.funding_yuan === null ? 0 : Number(i.funding_yuan)), 0);
  const avgProgress = open.length ? Math.round(open.reduce((s, i) => s + i.progress, 0) / open.length) : 100;

  const out: Block[] = [
    ...title([...phrases(d.title), `${d.year}年度工作总结`]),
    para(
      `${d.year}年，${d.hostName}与${list(d.partnerNames)}围绕${quoted(d.theme || d.title)}开展局县科技会商` +
        (d.adoptedOn ? `，会商事项清单于${formatDateCn(d.adoptedOn)}议定` : '，会商事项清单尚在协商') +
        `。现将本年度工作总结如下。`,
    ),
    heading('一、基本情况'),
    heading('（一）清单构成', 2),
    para(
      `会商清单共有事项${total.total}项，其中${CATEGORIES.map((c) => `${CATEGORY_LABEL[c]}事项${items.filter((i) => i.category === c).length}项`).join('，')}` +
        (funding > 0 ? `，涉及支持资金${formatWan(yuanToWan(funding))}` : '') +
        '。',
    ),
    heading('（二）完成情况', 2),
    para(`截至${formatDateCn(asOf)}，${summaryLine(items).replace(/^共有会商事项\d+项，/, '')}。`),
    byCategory,
    byUnit,
    heading('（三）进展报送情况', 2),
  ];
  const skipped = d.periods.filter((p) => !owedPeriods.includes(p));
  if (punctuality.block) {
    out.push(
      para(
        `本年度应报送进展的填报周期${owedPeriods.length}个（${owedPeriods.map((p) => periodLabel(p.code)).join('、')}）` +
          (skipped.length ? `，${skipped.map((p) => periodLabel(p.code)).join('、')}无应报送的进展报告` : '') +
          `；应报进展报告${punctuality.total.owed}份，按时报送${punctuality.total.onTime}份，逾期报送${punctuality.total.late}份，` +
          `逾期未报${punctuality.total.missing}份，按时报送率${punctualityRate(punctuality.total)}。`,
      ),
      punctuality.block,
    );
  } else {
    out.push(para('本年度无应报送进展报告的事项。'));
  }

  out.push(heading('二、主要成效'));
  let k = 0;
  const numbered = (head: string, rest: string) => heading(`${++k}.${head}`, 3, rest);
  if (completed.length) {
    out.push(
      numbered(
        `办结事项${completed.length}项。`,
        completed.map((i) => `${quoted(i.title)}（${i.lead_unit_name ?? '牵头单位未定'}${i.closed_on ? `，${formatDateCn(i.closed_on)}办结` : ''}）`).join('；') + '。',
      ),
    );
  } else {
    out.push(numbered('本年度尚无办结事项。', `${open.length}项事项正在推进，平均进度${avgProgress}%。`));
  }
  if (open.length && completed.length) out.push(numbered('在推事项稳步推进。', `尚在推进的${open.length}项事项平均进度${avgProgress}%。`));
  if (punctuality.total.owed) out.push(numbered('进展报送机制运行。', `全年按时报送进展报告${punctuality.total.onTime}份，按时报送率${punctualityRate(punctuality.total)}。`));
  out.push(
    numbered(
      '会商督办机制运行。',
      (d.meetings.length ? `召开会商会议${d.meetings.length}次（${d.meetings.map((m) => `${formatDateCn(m.heldOn)}，${m.venue}`).join('；')}）` : '本年度未召开会商会议') +
        (d.notices.length ? `；签发督办单${d.notices.length}份（${d.notices.map((x) => `${x.number ?? ''}督办${quoted(x.itemTitle)}`).join('；')}）` : '；本年度未签发督办单') +
        '。',
    ),
  );

  out.push(heading('三、存在问题'));
  k = 0;
  const problems: Block[] = [];
  if (delayed.length) problems.push(numbered(`滞后事项${delayed.length}项。`, `${delayed.map((i) => quoted(i.title)).join('、')}进度滞后。`));
  if (pastDeadline.length) {
    problems.push(numbered(`超过完成时限未完成${pastDeadline.length}项。`, `${pastDeadline.map((i) => `${quoted(i.title)}（时限${formatDateCn(i.deadline)}）`).join('、')}。`));
  }
  if (red.length) {
    problems.push(
      numbered(
        `亮红灯事项${red.length}项。`,
        `目前${lights.join('、')}；红灯事项为${red.map((i) => `${quoted(i.title)}（${reasonsOf(i).join('；') || '原因未记录'}）`).join('、')}。`,
      ),
    );
  }
  if (punctuality.total.missing || punctuality.total.late) {
    problems.push(
      numbered(
        '进展报送不够及时。',
        `逾期报送${punctuality.total.late}份，逾期未报${punctuality.total.missing}份` + (punctuality.missingUnits.length ? `，涉及${list(punctuality.missingUnits)}` : '') + '。',
      ),
    );
  }
  out.push(...(problems.length ? problems : [para('本年度会商事项推进总体顺利，未发现突出问题。')]));

  out.push(heading('四、下一步打算'));
  k = 0;
  if (open.length) {
    out.push(numbered('加快在推事项进度。', `尚有${open.length}项事项未完成，请各牵头单位对照完成时限，倒排工期，确保按期完成。`));
    if (delayed.length || red.length) {
      out.push(numbered('紧盯滞后和红灯事项。', `对${[...new Set([...delayed, ...red].map((i) => quoted(i.title)))].join('、')}逐项分析原因、制定措施，必要时专题会商、督办。`));
    }
    if (punctuality.missingUnits.length) out.push(numbered('按期报送进展。', `请${list(punctuality.missingUnits)}补报进展报告，下一年度按期报送。`));
  } else {
    out.push(numbered('做好成果总结。', '会商事项已全部办结，请各单位做好成果总结和后续跟踪。'));
  }
  out.push(numbered('谋划下一年度会商。', `结合${d.year + 1}年县域科技创新需求，征集、梳理新一轮会商事项。`));
  out.push(...signature(d.hostName, formatDateCn(d.today)), ...recordFooter({ issuer: d.hostName, date: formatDateCn(d.today) }));
  return [{ children: out }];
}
