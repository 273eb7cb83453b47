import { describe, expect, it } from 'vitest';
import { historySummary, type HistoryEntry } from './item-history.js';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  key: 'audit:1',
  id: 1,
  kind: 'other',
  at: '2026-11-25T02:00:00.000Z',
  action: 'item.update',
  by: null,
  changes: [],
  changeRequest: null,
  detail: {},
  ...over,
});

describe('an item history entry as one line of Chinese', () => {
  it('names automatic reminders by what they remind of, and manual ones by their note', () => {
    expect(historySummary(entry({ kind: 'reminder_sent', action: 'reminder.sent', detail: { reminderKind: 'report_overdue', period: '2026Q3', note: '…' } }))).toBe(
      '系统自动提醒：进展报告逾期未报（2026年第三季度）',
    );
    expect(historySummary(entry({ kind: 'reminder_sent', action: 'reminder.sent', detail: { reminderKind: 'deadline_overdue' } }))).toBe('系统自动提醒：已超过完成时限');
    expect(historySummary(entry({ kind: 'reminder_sent', action: 'reminder.sent', detail: { reminderKind: 'manual', note: '请尽快报送' } }))).toBe('发送催报提醒：请尽快报送');
  });

  it('says a late answer was late, and an unnumbered notice without a number', () => {
    expect(historySummary(entry({ kind: 'notice_answered', detail: { number: '广科督〔2026〕2号', late: true } }))).toBe('反馈督办单 广科督〔2026〕2号（逾期反馈）');
    expect(historySummary(entry({ kind: 'notice_drafted', detail: { number: null } }))).toBe('起草督办单');
  });

  it('reads agreement marks by side and way, and falls back when the row says neither', () => {
    expect(historySummary(entry({ kind: 'agreement_marked', detail: { side: 'partner', agreed: true } }))).toBe('会商方确认');
    expect(historySummary(entry({ kind: 'agreement_marked', detail: { side: 'host', note: '改为明年' } }))).toBe('发起方修改确认意见：改为明年');
    expect(historySummary(entry({ kind: 'agreement_marked', detail: {} }))).toBe('确认事项');
  });

  it('names change requests by their kind and other actions by the audit label', () => {
    expect(historySummary(entry({ kind: 'change_request_rejected', changeRequest: { id: 3, kind: 'extend' }, detail: { note: '理由不充分' } }))).toBe(
      '不同意调整申请（延期申请），原因：理由不充分',
    );
    expect(historySummary(entry({ kind: 'other', action: 'attachment.create' }))).toBe('上传附件');
    expect(historySummary(entry({ kind: 'other', action: 'no.such' }))).toBe('其他操作');
  });
});
