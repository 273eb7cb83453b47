import {
  asLightCode,
  completionJudgement,
  DEFAULT_ASSESSMENT_WEIGHTS,
  emptyUnitFigures,
  parseAssessmentPeriod,
  redLightDays,
  scoreUnit,
  type Assessment,
  type AssessmentQuery,
  type AssessmentWeights,
  type LightChange,
  type UnitFigures,
} from '../../../domain/assessment.js';
import { addDays, currentReportingPeriod, emptyPunctuality, tallySlot } from '../../../domain/periods.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { ancestorIds } from '../../platform/actor.js';
import { can, isUnder } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import { cstDate } from '../../platform/clock.js';
import type { Deps } from '../../platform/deps.js';
import { isUniqueViolation } from '../../platform/db-helpers.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { roleGrants } from '../../../domain/roles.js';
import { assertCanRead } from '../consultations/consultations.policy.js';
import { itemReportSlots } from '../lights/lights.service.js';
import * as repo from './assessment.repo.js';

/** The UTC instant at which a China-time day begins: stored timestamps are UTC text. */
const dayStartUtc = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

/** A host coordinator granted at the bureau or above it speaks for the bureau's weights. */
function mayEditWeights(actor: Actor, host: { path: string }): boolean {
  return actor.roles.some((g) => g.role === 'host_coordinator' && roleGrants(g.role, 'supervision.configure') && isUnder(host.path, g.orgPath));
}

function weightsOf(row: Awaited<ReturnType<typeof repo.weightsRow>>): AssessmentWeights {
  if (!row) return { ...DEFAULT_ASSESSMENT_WEIGHTS };
  return {
    onTimeReports: Number(row.on_time_reports),
    completedOnTime: Number(row.completed_on_time),
    answeredNotices: Number(row.answered_notices),
    redLightDay: Number(row.red_light_day),
    returnedReport: Number(row.returned_report),
  };
}

async function weightsState(deps: Deps, actor: Actor, host: { id: number; name: string; path: string }) {
  const row = await repo.weightsRow(deps.db, host.id);
  return {
    hostOrg: { id: host.id, name: host.name },
    weights: weightsOf(row),
    version: row?.version ?? 0,
    updatedAt: row?.updated_at ?? null,
    canEdit: mayEditWeights(actor, host),
  };
}

const parseChange = (e: { data_json: string; created_at: string }): LightChange => {
  let data: { from?: unknown; to?: unknown } = {};
  try {
    data = JSON.parse(e.data_json) as typeof data;
  } catch {
    // A malformed event tells nothing; treated as no change of colour.
  }
  return { on: cstDate(new Date(e.created_at)), from: asLightCode(data.from), to: asLightCode(data.to) };
};

/**
 * The ranking for one bureau and period, in nine queries whatever the number of items: items,
 * reports, returned rounds (counted in SQL), notices, and three for light changes; the folding per
 * unit runs on those rows with the same slot rule as the board (domain/periods.ts).
 */
export async function ranking(deps: Deps, actor: Actor, q: AssessmentQuery): Promise<Assessment> {
  assertCanRead(actor);
  const today = deps.clock.today();
  const code = q.period ?? currentReportingPeriod('quarterly', today).code;
  const period = parseAssessmentPeriod(code);
  if (!period) throw new AppError('VALIDATION_FAILED', '考评周期格式应为 2026Q3、2026H1 或 2026');
  const hostRows = await repo.hostsInScope(deps.db, actor);
  const hosts = hostRows.map((h) => ({ id: h.id, name: h.name }));
  const host = q.hostOrgId ? hostRows.find((h) => h.id === q.hostOrgId) : hostRows[0];
  if (q.hostOrgId && !host) throw notFound('会商主办单位');
  if (!host) return { period, today, hosts, weights: null, rows: [] };

  const scope: repo.UnitScope = { actor, hostOrgId: host.id, allUnits: ancestorIds(actor.orgPath).includes(host.id) };
  const from = dayStartUtc(period.start);
  const to = dayStartUtc(addDays(period.end, 1));
  const [weights, items, reports, returned, notices, lights] = await Promise.all([
    weightsState(deps, actor, host),
    repo.items(deps.db, scope),
    repo.reports(deps.db, scope),
    repo.returnedRoundsByUnit(deps.db, scope, from, to),
    repo.noticesSigned(deps.db, scope, from, to),
    repo.lightChanges(deps.db, scope, from, to),
  ]);

  const units = new Map<number, { name: string; order: number; items: number; figures: UnitFigures }>();
  const unitOfItem = new Map<number, number>();
  const reportsByItem = new Map<number, (typeof reports)[number][]>();
  for (const r of reports) reportsByItem.set(r.item_id, [...(reportsByItem.get(r.item_id) ?? []), r]);
  const changesByItem = new Map<number, LightChange[]>();
  // The period's changes in order, then the first one after it (ids grow with time).
  for (const e of [...lights.during, ...lights.after]) if (e.item_id !== null) changesByItem.set(e.item_id, [...(changesByItem.get(e.item_id) ?? []), parseChange(e)]);
  const lastBefore = new Map(lights.before.filter((e) => e.item_id !== null).map((e) => [e.item_id!, parseChange(e)]));

  // Each item counts for the unit leading it now: the lead unit is kept on the item without a dated
  // history, so a handed-over item's whole period goes to its new unit.
  for (const item of items) {
    const unitId = item.lead_unit_id!;
    unitOfItem.set(item.id, unitId);
    const u = units.get(unitId) ?? { name: item.unit_name, order: item.unit_order, items: 0, figures: emptyUnitFigures() };
    units.set(unitId, u);
    u.items++;
    const f = u.figures;
    if (item.status !== 'cancelled') {
      // Slots whose reporting period ends inside the assessment period are the ones it judges.
      const slots = itemReportSlots(
        { status: item.consultation_status, adopted_on: item.adopted_on, report_cycle: item.report_cycle, report_due_days: item.report_due_days },
        item,
        reportsByItem.get(item.id) ?? [],
        today,
      ).filter((s) => s.end >= period.start && s.end <= period.end);
      const p = emptyPunctuality();
      for (const s of slots) tallySlot(p, s.state);
      f.reportsOwed += p.onTime + p.late + p.missing;
      f.reportsOnTime += p.onTime;
    }
    const judged = completionJudgement({ status: item.status, deadline: item.deadline, ongoing: !!item.ongoing, closedOn: item.closed_on }, period, today);
    if (judged) f.itemsDue++;
    if (judged === 'on_time') f.itemsOnTime++;
    f.redLightDays += redLightDays(asLightCode(item.light), lastBefore.get(item.id) ?? null, changesByItem.get(item.id) ?? [], period.start, period.end, today);
  }
  for (const r of returned) {
    const u = r.lead_unit_id !== null ? units.get(r.lead_unit_id) : undefined;
    if (u) u.figures.returnedReports += Number(r.n);
  }
  for (const n of notices) {
    const u = units.get(unitOfItem.get(n.item_id) ?? -1);
    if (!u) continue;
    const answeredOn = n.status === 'answered' && n.responded_at ? cstDate(new Date(n.responded_at)) : null;
    // Not judged while it may still be answered in time.
    if (!answeredOn && n.response_due >= today) continue;
    u.figures.noticesReceived++;
    if (answeredOn) u.figures.noticesAnswered++;
    if (answeredOn && (!n.response_due || answeredOn <= n.response_due)) u.figures.noticesAnsweredOnTime++;
  }

  const scored = [...units.entries()].map(([id, u]) => ({
    unit: { id, name: u.name },
    order: u.order,
    items: u.items,
    figures: u.figures,
    ...scoreUnit(u.figures, weights.weights),
  }));
  scored.sort((a, b) => b.score - a.score || a.order - b.order || a.unit.name.localeCompare(b.unit.name, 'zh-CN') || a.unit.id - b.unit.id);
  // Equal scores share a rank (1, 2, 2, 4), as a published ranking prints them.
  const rows = scored.map((r, i) => ({ rank: 0, unit: r.unit, items: r.items, figures: r.figures, score: r.score, terms: r.terms, formula: r.formula, index: i }));
  for (const r of rows) r.rank = r.index > 0 && rows[r.index - 1]!.score === r.score ? rows[r.index - 1]!.rank : r.index + 1;
  return { period, today, hosts, weights, rows: rows.map(({ index: _index, ...r }) => r) };
}

/** The bureau changes its weights: a host coordinator granted there, version-checked, audited. */
export async function setWeights(deps: Deps, ctx: RequestContext, body: { hostOrgId: number; version: number; weights: AssessmentWeights }) {
  const actor = ctx.actor;
  if (!can(actor, 'supervision.configure')) throw forbidden('只有市局联络员可以设置考评权重');
  const hosts = await repo.hostsInScope(deps.db, actor);
  const host = hosts.find((h) => h.id === body.hostOrgId);
  if (!host) throw notFound('会商主办单位');
  if (!mayEditWeights(actor, host)) throw forbidden('只有市局联络员可以设置考评权重');
  const now = deps.clock.now().toISOString();
  try {
    await save(deps, ctx, host.id, body, now);
  } catch (err) {
    // Two first saves at once: the loser sees the row the other wrote, as a stale version.
    if (isUniqueViolation(err)) throw versionConflict();
    throw err;
  }
  return weightsState(deps, actor, host);
}

async function save(deps: Deps, ctx: RequestContext, hostId: number, body: { version: number; weights: AssessmentWeights }, now: string): Promise<void> {
  const actor = ctx.actor;
  const host = { id: hostId };
  await deps.db.transaction().execute(async (tx) => {
    const row = await repo.weightsRow(tx, host.id);
    const before = weightsOf(row);
    if ((row?.version ?? 0) !== body.version) throw versionConflict();
    if (row) {
      if (!(await repo.updateWeights(tx, host.id, body.version, body.weights, actor.userId, now))) throw versionConflict();
    } else {
      await repo.insertWeights(tx, host.id, body.weights, actor.userId, now);
    }
    await recordAudit(tx, ctx, now, { action: 'assessment.weights_update', entityType: 'organisation', entityId: host.id, before, after: { ...body.weights } });
  });
}
