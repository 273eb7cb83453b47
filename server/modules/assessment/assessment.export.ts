import ExcelJS from 'exceljs';
import { assessmentPeriodLabel, type Assessment } from '../../../domain/assessment.js';

/**
 * The ranking as a workbook: figures in real number cells (rates as percentages Excel can sum and
 * sort), an AutoFilter over the header, and the formula as text beside the score so a unit can
 * redo its sum by hand.
 */
export async function exportAssessment(a: Assessment, now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '会商';
  wb.created = now;
  const ws = wb.addWorksheet('考评排名', {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const host = a.weights?.hostOrg.name ?? '';
  ws.addRow([`${host}牵头单位考评（${assessmentPeriodLabel(a.period.code)}，${a.period.start} 至 ${a.period.end}，截至 ${a.today}）`]);
  ws.getRow(1).font = { bold: true, size: 13 };
  const columns = [
    { header: '名次', key: 'rank', width: 7 },
    { header: '牵头单位', key: 'unit', width: 34 },
    { header: '事项数', key: 'items', width: 8 },
    { header: '应报送', key: 'reportsOwed', width: 8 },
    { header: '按时报送', key: 'reportsOnTime', width: 9 },
    { header: '按时报送率', key: 'reportRate', width: 11, style: { numFmt: '0.0%' } },
    { header: '应办结', key: 'itemsDue', width: 8 },
    { header: '按期办结', key: 'itemsOnTime', width: 9 },
    { header: '按期办结率', key: 'completionRate', width: 11, style: { numFmt: '0.0%' } },
    { header: '红灯天数', key: 'redLightDays', width: 9 },
    { header: '退回次数', key: 'returnedReports', width: 9 },
    { header: '收到督办单', key: 'noticesReceived', width: 10 },
    { header: '已答复', key: 'noticesAnswered', width: 8 },
    { header: '按期答复', key: 'noticesAnsweredOnTime', width: 9 },
    { header: '按期答复率', key: 'noticeRate', width: 11, style: { numFmt: '0.0%' } },
    { header: '得分', key: 'score', width: 9, style: { numFmt: '0.00' } },
    { header: '计算式', key: 'formula', width: 90 },
  ];
  ws.columns = columns.map(({ key, width, style }) => ({ key, width, style }));
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  const rate = (done: number, of: number) => (of > 0 ? done / of : null);
  for (const r of a.rows) {
    const f = r.figures;
    ws.addRow({
      rank: r.rank,
      unit: r.unit.name,
      items: r.items,
      reportsOwed: f.reportsOwed,
      reportsOnTime: f.reportsOnTime,
      reportRate: rate(f.reportsOnTime, f.reportsOwed),
      itemsDue: f.itemsDue,
      itemsOnTime: f.itemsOnTime,
      completionRate: rate(f.itemsOnTime, f.itemsDue),
      redLightDays: f.redLightDays,
      returnedReports: f.returnedReports,
      noticesReceived: f.noticesReceived,
      noticesAnswered: f.noticesAnswered,
      noticesAnsweredOnTime: f.noticesAnsweredOnTime,
      noticeRate: rate(f.noticesAnsweredOnTime, f.noticesReceived),
      score: r.score,
      formula: r.formula,
    });
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, a.rows.length + 2), column: columns.length } };
  if (a.weights) {
    const w = a.weights.weights;
    ws.addRow([]);
    ws.addRow([
      `权重：按时报送率 ${w.onTimeReports} 分，按期办结率 ${w.completedOnTime} 分，督办单按期答复率 ${w.answeredNotices} 分；红灯每天扣 ${w.redLightDay} 分，报告每退回一次扣 ${w.returnedReport} 分；无应考核的项目按满分计，得分不低于 0。`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
