import type { FastifyInstance } from 'fastify';
import { supervisionEndpoints as api } from '../../../domain/supervision.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { getSettings, updateSettings } from './lights.settings.js';

export function registerSupervisionSettingsRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, api.settings, { summary: '督办设置：填报周期、报送期限、亮灯阈值、提醒天数', tags: ['supervision'] }, async ({ params, actor }) =>
    getSettings(deps, actor, params.id),
  );
  defineRoute(app, api.updateSettings, { summary: '修改督办设置（须带会商版本号；市局联络员）；各事项亮灯随即重算', tags: ['supervision'] }, async ({ params, body, ctx }) =>
    updateSettings(deps, ctx, params.id, body),
  );
}
