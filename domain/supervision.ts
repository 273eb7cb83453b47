/** Per-consultation supervision settings: warning-light thresholds and reminder offsets, with defaults. */
import { z } from 'zod';
import { zRefId } from './common.js';
import { DEFAULT_REPORT_CYCLE, DEFAULT_REPORT_DUE_DAYS, REPORT_CYCLES } from './periods.js';

export const LIGHTS = ['green', 'yellow', 'red', 'none'] as const;
export type Light = (typeof LIGHTS)[number];

export const zLightThresholds = z.strictObject({
  /** Red when a report is more than this many days past its due date. */
  redReportLateDays: z.number().int().min(0).max(365),
  /** Yellow when the deadline is within this many days and progress lags. */
  yellowDeadlineDays: z.number().int().min(0).max(365),
  /** …by at least this many points below the straight-line expectation. */
  yellowLagPoints: z.number().int().min(0).max(100),
});
export type LightThresholds = z.infer<typeof zLightThresholds>;

export const DEFAULT_LIGHT_THRESHOLDS: LightThresholds = { redReportLateDays: 15, yellowDeadlineDays: 30, yellowLagPoints: 20 };

/** Days before a report or deadline falls due when the responsible people are reminded. */
export const DEFAULT_REMINDER_DAYS = [7, 1] as const;

export const zSupervisionSettings = z.strictObject({
  reportCycle: z.enum(REPORT_CYCLES),
  reportDueDays: z.number().int().min(0).max(60),
  thresholds: zLightThresholds,
  reminderDays: z.array(z.number().int().min(1).max(90)).max(5),
});
export type SupervisionSettings = z.infer<typeof zSupervisionSettings>;

export const DEFAULT_SUPERVISION: SupervisionSettings = {
  reportCycle: DEFAULT_REPORT_CYCLE,
  reportDueDays: DEFAULT_REPORT_DUE_DAYS,
  thresholds: DEFAULT_LIGHT_THRESHOLDS,
  reminderDays: [...DEFAULT_REMINDER_DAYS],
};

/** Reads the stored JSON column (thresholds and reminder days), falling back to defaults field by field. */
export function parseSupervisionJson(json: string | null, defaults: LightThresholds = DEFAULT_LIGHT_THRESHOLDS): Pick<SupervisionSettings, 'thresholds' | 'reminderDays'> {
  const fallback = { thresholds: defaults, reminderDays: [...DEFAULT_REMINDER_DAYS] };
  if (!json) return fallback;
  try {
    const raw = JSON.parse(json) as { thresholds?: unknown; reminderDays?: unknown };
    const t = zLightThresholds.safeParse(raw.thresholds);
    const r = zSupervisionSettings.shape.reminderDays.safeParse(raw.reminderDays);
    return { thresholds: t.success ? t.data : fallback.thresholds, reminderDays: r.success ? r.data : fallback.reminderDays };
  } catch {
    return fallback;
  }
}

/** The settings as the API returns them, with the consultation version a change must carry. */
export const zSupervisionSettingsView = zSupervisionSettings.extend({
  version: z.number(),
  adoptedOn: z.string().nullable(),
  /** The server's today (China time; fixed in demo mode and tests), so pickers offer the periods the server accepts. */
  today: z.string(),
});
export const zSupervisionSettingsUpdate = zSupervisionSettings.extend({ version: zRefId });
export type SupervisionSettingsUpdate = z.infer<typeof zSupervisionSettingsUpdate>;
