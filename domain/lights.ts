/**
 * Warning lights (亮灯): one pure rule that turns an item, its milestones, its report slots and
 * today's date into a light and the reasons for it, so every light explains itself.
 *
 * none   — completed, cancelled, or the list is not yet adopted.
 * red    — past the deadline and not completed; or a report more than redReportLateDays past due.
 * yellow — deadline within yellowDeadlineDays and progress yellowLagPoints or more below the
 *          straight line from adoption to deadline; a milestone past due and not done; or a
 *          report missing 1..redReportLateDays days past due.
 * green  — otherwise.
 *
 * A report that came in late but is now in no longer lights the item: the light shows what needs
 * attention today, and the late submission stays visible as the slot's `late` state (and in the
 * unit's on-time rate). Otherwise one late report would keep an item yellow for ever, with nothing
 * the unit could do to clear it.
 */
import { z } from 'zod';
import { daysBetween, periodLabel, type ReportSlotState } from './periods.js';
import { LIGHTS, type Light, type LightThresholds } from './supervision.js';

export const LIGHT_REASON_CODES = [
  'not_adopted',
  'completed',
  'cancelled',
  'deadline_passed',
  'report_overdue_long',
  'deadline_near_lagging',
  'milestone_overdue',
  'report_overdue',
  'on_track',
] as const;
export type LightReasonCode = (typeof LIGHT_REASON_CODES)[number];

export const zLightReason = z.object({ code: z.enum(LIGHT_REASON_CODES), message: z.string() });
export type LightReason = z.infer<typeof zLightReason>;
export const zLight = z.enum(LIGHTS);

export interface LightInput {
  status: string;
  /** 0–100, as last accepted. */
  progress: number;
  deadline: string | null;
  ongoing: boolean;
  /** When the list was adopted (YYYY-MM-DD); null while it is not. The straight line starts here. */
  adoptedOn: string | null;
  milestones: readonly { title: string; dueOn: string; doneOn: string | null }[];
  /** The report slots the item owes (domain/periods.ts owedPeriods + reportSlotState). */
  reportSlots: readonly { period: string; dueOn: string; state: ReportSlotState }[];
  today: string;
  thresholds: LightThresholds;
}

export interface LightResult {
  light: Light;
  reasons: LightReason[];
}

/** Progress (0–100) a straight line from start to deadline expects today. */
export function expectedProgress(start: string, deadline: string, today: string): number {
  const span = daysBetween(start, deadline);
  if (span <= 0) return 100;
  const elapsed = daysBetween(start, today);
  return Math.max(0, Math.min(100, Math.round((elapsed / span) * 100)));
}

export function computeLight(input: LightInput): LightResult {
  const { status, today, thresholds: t } = input;
  if (status === 'completed') return { light: 'none', reasons: [{ code: 'completed', message: '事项已办结，不再亮灯' }] };
  if (status === 'cancelled') return { light: 'none', reasons: [{ code: 'cancelled', message: '事项已取消，不再亮灯' }] };
  if (!input.adoptedOn || input.adoptedOn > today) {
    return { light: 'none', reasons: [{ code: 'not_adopted', message: '事项清单尚未审定通过，暂不亮灯' }] };
  }

  const red: LightReason[] = [];
  const yellow: LightReason[] = [];
  const deadline = input.ongoing ? null : input.deadline;

  if (deadline) {
    const left = daysBetween(today, deadline);
    if (left < 0) {
      red.push({ code: 'deadline_passed', message: `已超过完成时限（${deadline}）${-left}天，尚未完成` });
    } else if (left <= t.yellowDeadlineDays) {
      const expected = expectedProgress(input.adoptedOn, deadline, today);
      const lag = expected - input.progress;
      if (lag >= t.yellowLagPoints) {
        yellow.push({
          code: 'deadline_near_lagging',
          message: `距完成时限（${deadline}）还有${left}天，当前进度${input.progress}%，低于按时序应达到的${expected}%（落后${lag}个百分点）`,
        });
      }
    }
  }

  for (const slot of input.reportSlots) {
    if (slot.state !== 'missing') continue;
    const late = daysBetween(slot.dueOn, today);
    if (late <= 0) continue;
    const text = `${periodLabel(slot.period)}进展报告应于${slot.dueOn}前报送，已逾期${late}天未报送`;
    if (late > t.redReportLateDays) red.push({ code: 'report_overdue_long', message: `${text}（超过${t.redReportLateDays}天）` });
    else yellow.push({ code: 'report_overdue', message: text });
  }

  for (const m of input.milestones) {
    if (m.doneOn) continue;
    const late = daysBetween(m.dueOn, today);
    if (late > 0) yellow.push({ code: 'milestone_overdue', message: `里程碑“${m.title}”应于${m.dueOn}完成，已逾期${late}天` });
  }

  if (red.length) return { light: 'red', reasons: [...red, ...yellow] };
  if (yellow.length) return { light: 'yellow', reasons: yellow };
  return { light: 'green', reasons: [{ code: 'on_track', message: '按计划推进，无逾期事项' }] };
}

const zStoredReasons = z.array(zLightReason);

/** Reads the stored reasons column; anything unreadable counts as no reasons. */
export function parseLightReasons(json: string | null | undefined): LightReason[] {
  if (!json) return [];
  try {
    const r = zStoredReasons.safeParse(JSON.parse(json));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}
