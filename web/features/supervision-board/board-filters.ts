import type { BoardFilter } from '../../../domain/board.js';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import { LIGHTS, type Light } from '../../../domain/supervision.js';

const oneOf = <T extends string>(all: readonly T[], v: string | undefined): T | undefined => (v !== undefined && (all as readonly string[]).includes(v) ? (v as T) : undefined);
const positive = (v: string | undefined) => (v !== undefined && /^\d{1,10}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** A board filter as a saved filter keeps it: text values, nothing unset. */
export function boardFilterToValues(f: BoardFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined) out[k] = String(v);
  return out;
}

/** Reads a saved board filter back; anything unreadable is dropped, as the board would never have saved it. */
export function boardFilterFromValues(v: Record<string, string>): BoardFilter {
  const f: BoardFilter = {};
  const consultationId = positive(v.consultationId);
  if (consultationId) f.consultationId = consultationId;
  const light = oneOf<Light>(LIGHTS, v.light);
  if (light) f.light = light;
  const category = oneOf<Category>(CATEGORIES, v.category);
  if (category) f.category = category;
  const leadUnitId = positive(v.leadUnitId);
  if (leadUnitId) f.leadUnitId = leadUnitId;
  if (v.overdue === 'true') f.overdue = true;
  return f;
}
