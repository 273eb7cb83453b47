import type { FastifyInstance } from 'fastify';
import { zIdParams } from '../../../domain/common.js';
import { zSupervisionSettingsUpdate, zSupervisionSettingsView } from '../../../domain/supervision.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { getSettings, updateSettings } from './lights.settings.js';

export function registerSupervisionSettingsRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/consultations/:id/supervision-settings',
      summary: '督办设置：填报周期、报送期限、亮灯阈值、提醒天数',
      tags: ['supervision'],
      params: zIdParams,
      response: zSupervisionSettingsView,
    },
    async ({ params, actor }) => getSettings(deps, actor, params.id),
  );
  defineRoute(
    app,
    {
      method: 'PUT',
      url: '/consultations/:id/supervision-settings',
      summary: '修改督办设置（须带会商版本号；市局联络员）；各事项亮灯随即重算',
      tags: ['supervision'],
      params: zIdParams,
      body: zSupervisionSettingsUpdate,
      response: zSupervisionSettingsView,
    },
    async ({ params, body, ctx }) => updateSettings(deps, ctx, params.id, body),
  );
}
