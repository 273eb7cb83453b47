import { PARAMETER_KEYS, PARAMETER_SPECS, type Parameter, type ParameterKey } from '../../../domain/parameters.js';
import type { RequestContext } from '../../platform/actor.js';
import { requirePermission } from '../../platform/access.js';
import { recordAudit } from '../../platform/audit.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { forgetParameters, parameterDefaults, storedParameters, writeParameter } from '../../platform/parameters.js';

export async function listParameters(deps: Deps, ctx: RequestContext): Promise<Parameter[]> {
  requirePermission(ctx.actor, 'setting.manage');
  forgetParameters(deps.db);
  const stored = await storedParameters(deps.db);
  const defaults = parameterDefaults(deps.config);
  return PARAMETER_KEYS.map((key) => {
    const s = stored.get(key);
    return { key, ...PARAMETER_SPECS[key], value: s?.v ?? defaults[key], defaultValue: defaults[key], customised: !!s, updatedAt: s?.at || null, updatedBy: s?.by || null };
  });
}

/** Sets one parameter (null: back to the default); bounds are the spec's, named in the error. */
export async function updateParameter(deps: Deps, ctx: RequestContext, key: ParameterKey, value: number | null): Promise<Parameter> {
  requirePermission(ctx.actor, 'setting.manage');
  const spec = PARAMETER_SPECS[key];
  if (value !== null && (value < spec.min || value > spec.max)) {
    const message = `${spec.label}须在 ${spec.min}–${spec.max} ${spec.unit}之间`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'body.value', message }]);
  }
  const now = deps.clock.now().toISOString();
  const before = (await listParameters(deps, ctx)).find((p) => p.key === key)!;
  await deps.db.transaction().execute(async (tx) => {
    await writeParameter(tx, key, value === null ? null : { v: value, at: now, by: ctx.actor.username });
    await recordAudit(tx, ctx, now, {
      action: 'parameter.update',
      entityType: 'parameter',
      // Parameters have no row id: the audit log names one by its place in the catalogue.
      entityId: PARAMETER_KEYS.indexOf(key) + 1,
      before: { value: before.value, customised: before.customised },
      after: { value: value ?? before.defaultValue, customised: value !== null },
    });
  });
  forgetParameters(deps.db);
  return (await listParameters(deps, ctx)).find((p) => p.key === key)!;
}
