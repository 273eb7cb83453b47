import type { ReportSlot } from '../../../domain/reports.js';

// Missing first (the longest overdue before the rest), then the one due now, then the next upcoming.
const URGENCY: Record<string, number> = { missing: 0, due: 1, upcoming: 2 };

/**
 * The period a new report is most likely for: the one the reporter owes soonest. Opening the form
 * on the next quarter while last quarter's report is overdue had people report the wrong period.
 */
export function owedPeriod(slots: readonly ReportSlot[]): string | undefined {
  const open = slots.filter((s) => s.reportId === null && s.state in URGENCY);
  open.sort((a, b) => URGENCY[a.state] - URGENCY[b.state] || a.dueOn.localeCompare(b.dueOn));
  return open[0]?.period;
}
