import type { Item } from '../../../domain/items.js';
import { yuanToWan } from '../../../domain/items.js';
import type { Agreement } from '../../../domain/agreement.js';
import { parseLightReasons, type LightReason } from '../../../domain/lights.js';
import type { ItemRow } from './items.repo.js';

// An item row as the API shows it.

/**
 * The stored reasons text repeats across items (most say "on track") and is parsed on every list,
 * so each distinct text is parsed and checked once. The arrays are shared: callers only read them.
 */
const reasonsByText = new Map<string, readonly LightReason[]>();
function lightReasonsOf(json: string | null): LightReason[] {
  if (!json) return [];
  let reasons = reasonsByText.get(json);
  if (!reasons) {
    reasons = Object.freeze(parseLightReasons(json).map((r) => Object.freeze(r)));
    if (reasonsByText.size >= 2000) reasonsByText.clear();
    reasonsByText.set(json, reasons);
  }
  return reasons as LightReason[];
}

export function presentItem(r: ItemRow, details: { coUnits: { id: number; name: string }[]; agreement: Agreement }): Item {
  const { coUnits, agreement } = details;
  return {
    id: r.id,
    consultationId: r.consultation_id,
    title: r.title,
    content: r.content,
    category: r.category,
    domain: r.domain,
    leadUnit: r.lead_unit_name ?? null,
    leadUnitId: r.lead_unit_id,
    coUnits: coUnits.map((u) => u.name),
    coUnitIds: coUnits.map((u) => u.id),
    responsible: r.responsible,
    deadline: r.deadline,
    ongoing: r.ongoing === 1,
    fundingWan: r.funding_yuan === null ? null : yuanToWan(Number(r.funding_yuan)),
    status: r.status,
    progress: r.progress,
    sortOrder: r.sort_order,
    version: r.version,
    agreement,
    light: r.light,
    lightReasons: lightReasonsOf(r.light_reasons_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
