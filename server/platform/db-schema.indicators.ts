import type { Generated } from 'kysely';

// The tables of county indicators (migration 0013), kept apart to keep each file short.

export interface IndicatorsTable {
  code: string;
  name: string;
  unit: string;
  direction: string;
  dimension: string;
  source_dept: string;
  definition: string;
  non_negative: number;
  active: number;
  sort_order: number;
  version: number;
  updated_at: string;
}

export interface IndicatorSheetsTable {
  id: Generated<number>;
  county_id: number;
  year: number;
  status: string;
  return_reason: string | null;
  submitted_by: number | null;
  submitted_at: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface IndicatorValuesTable {
  id: Generated<number>;
  sheet_id: number;
  indicator_code: string;
  value: number | null;
  final: number;
  note: string;
  evidence_id: number | null;
  entered_by: number;
  entered_at: string;
}

export interface IndicatorValueHistoryTable {
  id: Generated<number>;
  sheet_id: number;
  indicator_code: string | null;
  value: number | null;
  final: number;
  note: string;
  action: string;
  user_id: number;
  at: string;
}

export interface IndicatorTargetsTable {
  id: Generated<number>;
  indicator_code: string;
  level: string;
  from_year: number;
  threshold: number;
  note: string;
}

export interface IndicatorWeightsTable {
  indicator_code: string;
  weight: number;
}

export interface IndicatorSettingsTable {
  id: number;
  jump_pct: number;
  version: number;
}
