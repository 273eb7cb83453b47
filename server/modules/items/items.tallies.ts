import { CATEGORIES, type Category } from '../../../domain/items.js';
import type { Light } from '../../../domain/supervision.js';
import type { Db } from '../../platform/db.js';
import * as repo from './items.tallies.repo.js';

/*
 * The counts of a scope's live items the board and the dashboard show, from the tallies the
 * database keeps per consultation (items.tallies.repo.ts). A light other than green, yellow or red
 * counts as none, as the board reads an item's light.
 */

export interface ScopeCounts {
  total: number;
  byLight: Record<Light, number>;
  completed: number;
  cancelled: number;
  /** Items by category and light, for every category of CATEGORIES. */
  byCategory: Map<Category, Record<Light, number>>;
}

function lights(total: number, row: Record<string, unknown>, prefix: string): Record<Light, number> {
  const [green, yellow, red] = repo.COLOURED.map((l) => Number(row[`${prefix}${l}`]));
  return { green, yellow, red, none: total - green - yellow - red };
}

/** Counts by light, closing status and category × light, per consultation (those with live items). */
export async function countsByConsultation(db: Db, ids: number[]): Promise<(ScopeCounts & { consultationId: number })[]> {
  return (await repo.sumsByConsultation(db, ids)).map((r) => {
    const row = r as Record<string, unknown>;
    const total = Number(r.n);
    return {
      consultationId: r.consultation_id,
      total,
      byLight: lights(total, row, 'l_'),
      completed: Number(r.completed),
      cancelled: Number(r.cancelled),
      byCategory: new Map(CATEGORIES.map((c, i) => [c, lights(Number(row[`c${i}`]), row, `c${i}_`)])),
    };
  });
}

/** Counts by lead unit (null: none), with the unit's name: by light and closing status. */
export async function countsByUnit(db: Db, ids: number[]) {
  return (await repo.sumsByUnit(db, ids)).map((r) => {
    const total = Number(r.n);
    return {
      leadUnitId: r.lead_unit_id === 0 ? null : r.lead_unit_id,
      leadUnitName: r.lead_unit_name,
      total,
      byLight: lights(total, r as Record<string, unknown>, 'l_'),
      completed: Number(r.completed),
      cancelled: Number(r.cancelled),
    };
  });
}
