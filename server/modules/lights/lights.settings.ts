import { defaultLightThresholds } from '../../platform/parameters.js';
import type { Db, Tx } from '../../platform/db.js';
import { parseSupervisionJson, type SupervisionSettings, type SupervisionSettingsUpdate } from '../../../domain/supervision.js';
import type { ReportCycle } from '../../../domain/periods.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, versionConflict } from '../../platform/errors.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { isHostCoordinator } from '../reports/reports.policy.js';
import { consultationCycle, liveItemIdsOf } from './lights.repo.js';
import { refreshLights } from './lights.service.js';

async function view(db: Db | Tx, c: Awaited<ReturnType<typeof consultationCycle>>, today: string) {
  const s: SupervisionSettings = {
    reportCycle: c.report_cycle as ReportCycle,
    reportDueDays: c.report_due_days,
    ...parseSupervisionJson(c.supervision_json, await defaultLightThresholds(db)),
  };
  return { ...s, version: c.version, adoptedOn: c.adopted_on, today };
}

export async function getSettings(deps: Deps, actor: Actor, consultationId: number) {
  await loadVisible(deps.db, actor, consultationId);
  return view(deps.db, await consultationCycle(deps.db, consultationId), deps.clock.today());
}

/** The host sets how often reports fall due and when lights turn; every item's light follows at once. */
export async function updateSettings(deps: Deps, ctx: RequestContext, consultationId: number, input: SupervisionSettingsUpdate) {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const { row, parties } = await loadVisible(tx, ctx.actor, consultationId);
    if (!isHostCoordinator(ctx.actor, parties)) throw forbidden('只有发起方（市局）联络员可以修改督办设置');
    if (row.status === 'closed') throw new AppError('CONSULTATION_LOCKED', '会商已结束，督办设置不能再修改');
    const before = await view(tx, await consultationCycle(tx, consultationId), deps.clock.today());
    if (before.version !== input.version) throw versionConflict();
    const reminderDays = [...new Set(input.reminderDays)].sort((a, b) => b - a);
    const res = await tx
      .updateTable('consultations')
      .set({
        report_cycle: input.reportCycle,
        report_due_days: input.reportDueDays,
        supervision_json: JSON.stringify({ thresholds: input.thresholds, reminderDays }),
        version: input.version + 1,
        updated_at: now,
      })
      .where('id', '=', consultationId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    const after = await view(tx, await consultationCycle(tx, consultationId), deps.clock.today());
    const strip = ({ version: _v, adoptedOn: _a, today: _t, ...s }: typeof after) => s;
    await recordAudit(tx, ctx, now, {
      action: 'consultation.supervision_settings',
      entityType: 'consultation',
      entityId: consultationId,
      before: strip(before),
      after: strip(after),
    });
    await refreshLights(tx, deps.clock.today(), now, await liveItemIdsOf(tx, consultationId));
    return after;
  });
}
